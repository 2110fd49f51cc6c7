// The one cache: entries expire a fixed time after they were written, and the oldest are dropped past a
// size bound, so nothing grows with the traffic. For lookups that rarely change: Identity Center's users,
// permission sets and groups, Slack's people and user groups. The clock is passed in.

import type { Clock } from './ports.js';

export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly clock: Clock,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.clock.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    // Maps keep insertion order, so the first key is the oldest write.
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    this.entries.set(key, { value, expiresAt: this.clock.now() + this.ttlMs });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /**
   * The answer cached for `key`, else the one `load` starts, cached at once: callers asking meanwhile
   * share that one load. A load that fails is forgotten (its callers see the failure), so the next
   * caller asks again.
   */
  getOrLoad<T>(this: TtlCache<Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
    const cached = this.get(key);
    if (cached) return cached;
    const loading = load();
    this.set(key, loading);
    loading.then(undefined, () => {
      if (this.entries.get(key)?.value === loading) this.entries.delete(key);
    });
    return loading;
  }
}
