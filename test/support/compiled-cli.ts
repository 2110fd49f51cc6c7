// Builds the `latchkey` command line once for the whole run, as `npm run build` does, for the tests that
// start it as a process. Each such start then loads one compiled file instead of compiling every source
// file again through a TypeScript loader: about half the start-up time and CPU, dozens of times a run. The
// build goes inside the repository (to a git-ignored folder) so that its package imports resolve from
// node_modules, and is removed when the run ends. It runs in a process of its own: loaded here, through
// Vitest's module runner, the bundler's inputs took seconds longer to load than the build itself.

import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The compiled `latchkey` command line (dist/latchkey.js of a build made for this run). */
    latchkeyCli: string;
  }
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const parent = join(ROOT, 'test-results');
  await mkdir(parent, { recursive: true });
  const dir = await mkdtemp(join(parent, 'cli-'));
  const dist = join(dir, 'dist');
  const script = `import { buildCommandLine } from ${JSON.stringify(pathToFileURL(join(ROOT, 'infra', 'cli-bundle.ts')).href)};
await buildCommandLine(${JSON.stringify(dist)});`;
  const build = async () => {
    await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
    });
  };
  await build();
  // In watch mode, each rerun starts from the sources as they are now.
  project.onTestsRerun(build);
  project.provide('latchkeyCli', join(dist, 'latchkey.js'));
  return () => rm(dir, { recursive: true, force: true });
}
