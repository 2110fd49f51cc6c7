// A clock that only moves when a sleep is taken, so waits can be read off exactly.

export interface VirtualTimeOptions {
  /** Where the clock starts (ms). */
  start?: number;
  /**
   * Whether a sleep lets whatever is already queued run before time moves: for code that hands out turns
   * from a loop of its own, whose waiters must see the moment they were woken at.
   */
  yieldFirst?: boolean;
}

export function virtualTime(options: VirtualTimeOptions = {}) {
  let now = options.start ?? 0;
  const slept: number[] = [];
  return {
    clock: { now: () => now },
    sleep: async (ms: number) => {
      slept.push(ms);
      if (options.yieldFirst) await Promise.resolve();
      now += ms;
    },
    /** Every sleep taken, in order. */
    slept,
    advance: (ms: number) => {
      now += ms;
    },
  };
}
