// Waiting for work that sleeps on the test's clock (a revocation's backoff between attempts): the clock is
// moved on a step at a time while the work runs, so those waits pass in a fraction of their time, each timer
// still firing in order and at its own moment. What runs on real time (the simulators, the network) keeps
// its pace, so steps are small next to the service's leases (90 s) and inline retries (45 s).

import type { TestClock } from './test-clock.js';

const TICK = Symbol('tick');

export async function whileMovingTime<T>(
  clock: TestClock,
  work: Promise<T>,
  options: { stepMs?: number; everyMs?: number } = {},
): Promise<T> {
  const { stepMs = 250, everyMs = 25 } = options;
  for (;;) {
    const tick = new Promise<typeof TICK>((resolve) => setTimeout(resolve, everyMs, TICK));
    const first = await Promise.race([work, tick]);
    if (first !== TICK) return first as T;
    clock.advance(stepMs);
  }
}
