// Waiting for work that sleeps on the test's clock (a revocation's backoff between attempts): the clock is
// moved on a step at a time while the work runs, so those waits pass in a tenth of their time, each timer
// still firing in order and at its own moment. What runs on real time (the simulators, the network) keeps
// its pace, so steps are small next to the service's leases (90 s) and inline retries (45 s).

import type { TestClock } from './test-clock.js';

export async function whileMovingTime<T>(
  clock: TestClock,
  work: Promise<T>,
  options: { stepMs?: number; everyMs?: number } = {},
): Promise<T> {
  const { stepMs = 250, everyMs = 25 } = options;
  let done = false;
  const settled = work.finally(() => {
    done = true;
  });
  while (!done) {
    await new Promise((resolve) => setTimeout(resolve, everyMs));
    if (!done) clock.advance(stepMs);
  }
  return settled;
}
