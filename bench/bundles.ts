// The Lambda bundles: each handler bundled as `cdk synth` does (infra/bundle.ts), its size, and the time
// a fresh node takes to import it, minus a bare `node -e ''` in the same run (median of several).

import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { bundleLambdas, LAMBDAS } from '../infra/bundle.js';
import type { Figure } from './support/figure.js';
import { progress, progressDone } from './support/progress.js';
import { median, ms } from './support/stats.js';

const run = promisify(execFile);
const RUNS = 5;
const LIMIT_BYTES = 3 * 1024 * 1024;

async function timedNode(script: string): Promise<number> {
  const started = performance.now();
  await run(process.execPath, ['--input-type=module', '-e', script], { timeout: 30_000 });
  return performance.now() - started;
}

export async function lambdaBundles(): Promise<Figure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'latchkey-bench-bundles-'));
  try {
    const bundles = await bundleLambdas(dir);
    const bare: number[] = [];
    const imports: Record<string, number[]> = Object.fromEntries(LAMBDAS.map((name) => [name, []]));
    let done = 0;
    for (let i = 0; i < RUNS; i++) {
      bare.push(await timedNode(''));
      for (const name of LAMBDAS) {
        const url = pathToFileURL(bundles[name].file).href;
        imports[name]!.push(await timedNode(`await import(${JSON.stringify(url)});`));
        progress('importing bundles', ++done, RUNS * LAMBDAS.length);
      }
    }
    progressDone();
    const baseline = median(bare);
    return Promise.all(
      LAMBDAS.map(async (name) => {
        const size = (await stat(bundles[name].file)).size;
        const importMs = median(imports[name]!) - baseline;
        return {
          benchmark: `Lambda bundle: ${name}`,
          figure: 'index.mjs size; import time (median of 5, minus bare node)',
          value: `${(size / 1024 / 1024).toFixed(2)} MB; ${ms(importMs)}`,
          baseline: `node -e '' ${ms(baseline)}`,
          versus: `${ms(median(imports[name]!))} in all`,
          target: '≤ 3 MB; import time reported',
          pass: size <= LIMIT_BYTES,
        };
      }),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
