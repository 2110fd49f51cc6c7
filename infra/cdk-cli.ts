// `npm run synth` / `npm run deploy`: the CDK CLI pinned in package.json, run in infra/ (where cdk.json
// is) on the project's Node. LATCHKEY_CONFIG is read relative to where npm was run, as everywhere else
// (default ./latchkey.yml), and the CLI does not ask npm for a newer version of itself.
// Arguments after `--` go to the CLI: `npm run deploy -- --require-approval never`.

import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const [command = 'synth', ...args] = process.argv.slice(2);
const from = process.env.INIT_CWD ?? process.cwd();
const cdk = spawn(join(REPO_ROOT, 'node_modules', '.bin', 'cdk'), [command, ...args], {
  cwd: join(REPO_ROOT, 'infra'),
  stdio: 'inherit',
  env: {
    ...process.env,
    LATCHKEY_CONFIG: resolve(from, process.env.LATCHKEY_CONFIG ?? 'latchkey.yml'),
    CDK_DISABLE_VERSION_CHECK: '1',
  },
});
cdk.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
