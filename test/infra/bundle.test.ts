// The Lambda bundles: small, self-contained ESM that loads under plain Node, built from production code
// only (no simulator, no dev dependency), with the config shipped next to the code.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Bundles,
  bundleLambdas,
  inputsOf,
  LAMBDAS,
  REPO_ROOT,
  STUBBED_PACKAGES,
} from '../../infra/bundle.js';
import { BUNDLED_CONFIG } from '../../src/lambda/runtime.js';
import { fixture } from './synth.js';

const MAX_BYTES = 3 * 1024 * 1024;

let bundles: Bundles;

beforeAll(async () => {
  bundles = await bundleLambdas(await mkdtemp(join(tmpdir(), 'latchkey-bundle-')), {
    configFile: fixture('latchkey.yml'),
  });
}, 120_000);

const packageOf = (input: string) => {
  const rest = input.split('node_modules/').at(-1) ?? '';
  return rest
    .split('/')
    .slice(0, rest.startsWith('@') ? 2 : 1)
    .join('/');
};

describe.each(LAMBDAS)('the %s bundle', (name) => {
  it('is at most 3 MB, with its source map and the config', () => {
    const bundle = bundles[name];
    expect(statSync(bundle.file).size).toBeLessThanOrEqual(MAX_BYTES);
    expect(existsSync(`${bundle.file}.map`)).toBe(true);
    expect(readFileSync(join(bundle.dir, BUNDLED_CONFIG), 'utf8')).toBe(
      readFileSync(fixture('latchkey.yml'), 'utf8'),
    );
  });

  it('contains no simulator code and no dev dependency', () => {
    const inputs = inputsOf(bundles[name]);
    expect(inputs).toContain(`src/lambda/${name}.ts`);
    expect(inputs.filter((input) => input.startsWith('src/sim/'))).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    const dev = new Set(Object.keys(pkg.devDependencies));
    const packages = new Set(inputs.filter((i) => i.includes('node_modules/')).map(packageOf));
    expect([...packages].filter((p) => dev.has(p))).toEqual([]);
    // The AWS SDK is bundled, not taken from the runtime; the unused Bolt receivers are not.
    expect(packages).toContain(name === 'slack' ? '@aws-sdk/client-lambda' : '@aws-sdk/client-dynamodb');
    for (const stubbed of STUBBED_PACKAGES) expect(packages).not.toContain(stubbed);
    // The Slack handler only acknowledges and queues: it cannot wait on the store, Slack or Identity Center.
    if (name === 'slack')
      for (const downstream of ['@aws-sdk/client-dynamodb', '@aws-sdk/client-sso-admin', '@slack/web-api'])
        expect(packages).not.toContain(downstream);
  });
});

describe('the bundles under plain Node', () => {
  it('load as ESM, export handler, and fail fast without the stack’s environment', () => {
    // Arguments after -e start at argv[1]: one file URL per bundle, in LAMBDAS order.
    const script = `
      const names = ${JSON.stringify(LAMBDAS)};
      const mods = {};
      for (const [i, name] of names.entries()) mods[name] = await import(process.argv[1 + i]);
      const out = Object.fromEntries(names.map((name) => [name, typeof mods[name].handler]));
      out.badJob = await mods.worker.handler({ kind: 'nope' }).then(() => 'ok', (e) => e.message);
      out.noEnv = await mods.slack.handler({}, {}).then(() => 'ok', (e) => e.message);
      console.log(JSON.stringify(out));`;
    const urls = LAMBDAS.map((name) => pathToFileURL(bundles[name].file).href);
    const env = { PATH: process.env.PATH ?? '', HOME: tmpdir() };
    const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script, ...urls], { env });
    expect(JSON.parse(String(stdout))).toEqual({
      slack: 'function',
      worker: 'function',
      sweeper: 'function',
      badJob: expect.stringContaining('not a Latchkey worker job'),
      noEnv: expect.stringContaining('LATCHKEY_SLACK_SECRET_ARN is not set'),
    });
  });
});
