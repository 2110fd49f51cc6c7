// Bounded work. p-limit does the bounding everywhere (a pass over due grants maps its list through
// `pLimit(n).map`); Limiter adds only what a server needs on top: a long-lived pool whose tasks a graceful
// shutdown can wait for.

import pLimit, { type LimitFunction } from 'p-limit';

/**
 * At most `concurrency` tasks at once, the rest wait their turn in order. Used for the work that follows
 * Slack's acknowledgement: under a burst, a few requests are worked on at a time, so the process keeps
 * answering new ones within Slack's 3 seconds instead of spreading itself over all of them.
 */
export class Limiter {
  private readonly limit: LimitFunction;
  private readonly tasks = new Set<Promise<unknown>>();

  constructor(
    concurrency: number,
    /** Called after each task, however it ended. */
    private readonly afterEach?: () => void,
  ) {
    this.limit = pLimit(concurrency);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    const done = this.limit(async () => {
      try {
        return await task();
      } finally {
        this.afterEach?.();
      }
    });
    this.tasks.add(done);
    try {
      return await done;
    } finally {
      this.tasks.delete(done);
    }
  }

  /** True while a task is running or waiting its turn. */
  get busy(): boolean {
    return this.tasks.size > 0;
  }

  /** Resolves once every task given so far has finished (a graceful shutdown waits for it). */
  async idle(): Promise<void> {
    while (this.tasks.size > 0) await Promise.allSettled([...this.tasks]);
  }
}
