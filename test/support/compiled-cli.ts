// Builds the `latchkey` command line once for the whole run, as `npm run build` does, for the tests that
// start it as a process. Each such start then loads one compiled file instead of compiling every source
// file again through a TypeScript loader: about half the start-up time and CPU, dozens of times a run. The
// build goes inside the repository (to a git-ignored folder) so that its package imports resolve from
// node_modules, and is removed when the run ends.

import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { REPO_ROOT } from '../../infra/bundle.js';
import { buildCommandLine } from '../../infra/cli-bundle.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The compiled `latchkey` command line (dist/latchkey.js of a build made for this run). */
    latchkeyCli: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const parent = join(REPO_ROOT, 'test-results');
  await mkdir(parent, { recursive: true });
  const dir = await mkdtemp(join(parent, 'cli-'));
  const built = await buildCommandLine(join(dir, 'dist'));
  project.provide('latchkeyCli', built.entry);
  return () => rm(dir, { recursive: true, force: true });
}
