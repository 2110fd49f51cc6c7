// A bounded request loop: `total` tasks, at most `inFlight` at once, stopped at `deadlineMs` whatever is
// left. Each task answers its latency in milliseconds or throws; both are counted.

import { progress, progressDone } from './progress.js';

export interface LoadResult {
  latencies: number[];
  errors: string[];
  wallMs: number;
  /** Tasks never started because the deadline passed. */
  skipped: number;
}

export async function runBounded(
  label: string,
  total: number,
  inFlight: number,
  deadlineMs: number,
  task: (index: number) => Promise<number>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const errors: string[] = [];
  const started = performance.now();
  const deadline = started + deadlineMs;
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < total && performance.now() < deadline) {
      const index = next++;
      try {
        latencies.push(await task(index));
      } catch (error) {
        errors.push(error instanceof Error ? error.message : String(error));
      }
      done++;
      if (done % 20 === 0 || done === total) progress(label, done, total);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, total) }, worker));
  progressDone();
  return { latencies, errors, wallMs: performance.now() - started, skipped: total - next };
}
