// Time that passes `speed` times faster than real time, for an Identity Center simulator and the adapter
// talking to it when both read it: request rates, quotas, provisioning times and the adapter's pacing keep
// their proportions to one another, and a test of how they meet runs in a fraction of the time. The
// network between them and the CPU stay real (and so look `speed` times slower): what such a test asserts
// is counts and ratios read off this clock, not real-time latencies.

import type { Clock } from '../../src/core/ports.js';

export interface FastClock {
  clock: Clock;
  sleep(ms: number): Promise<void>;
  speed: number;
}

export function fastClock(speed: number): FastClock {
  const realStart = performance.now();
  const start = Date.now();
  return {
    clock: { now: () => start + (performance.now() - realStart) * speed },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms / speed)),
    speed,
  };
}
