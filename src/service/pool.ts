// Runs async work over a list with at most `limit` at once: many due grants are handled in parallel, but
// never more than Identity Center's quotas allow.

export async function forEachLimit<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * At most `limit` tasks at once, the rest wait their turn in order. Used for the work that follows Slack's
 * acknowledgement: under a burst, a few requests are worked on at a time, so the process keeps answering
 * new ones within Slack's 3 seconds instead of spreading itself over all of them.
 */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly limit: number,
    /** Called after each task, however it ended. */
    private readonly afterEach?: () => void,
  ) {}

  private readonly tasks = new Set<Promise<unknown>>();

  async run<T>(task: () => Promise<T>): Promise<T> {
    const done = this.queue(task);
    this.tasks.add(done);
    try {
      return await done;
    } finally {
      this.tasks.delete(done);
    }
  }

  /** Resolves once every task given so far has finished (a graceful shutdown waits for it). */
  async idle(): Promise<void> {
    while (this.tasks.size > 0) await Promise.allSettled([...this.tasks]);
  }

  private async queue<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
      this.afterEach?.();
    }
  }
}
