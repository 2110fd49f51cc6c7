import { describe, expect, it } from 'vitest';
import { TtlCache } from '../../src/core/ttl-cache.js';

function manualClock() {
  let now = 0;
  return {
    clock: { now: () => now },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** A load whose answer the test gives when it chooses. */
function pending<T>() {
  let settle: { resolve(value: T): void; reject(error: Error): void } | undefined;
  const promise = new Promise<T>((resolve, reject) => {
    settle = { resolve, reject };
  });
  return { promise, ...settle! };
}

describe('TtlCache', () => {
  it('forgets entries after their time and drops the oldest past its size', () => {
    const time = manualClock();
    const cache = new TtlCache<number>(1000, 2, time.clock);
    cache.set('a', 1);
    time.advance(500);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    time.advance(600);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBe(2);
    cache.set('c', 3);
    cache.set('d', 4);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('d')).toBe(4);
  });

  describe('getOrLoad', () => {
    it('loads once for callers asking at the same time, and again once the answer has expired', async () => {
      const time = manualClock();
      const cache = new TtlCache<Promise<string>>(1000, 10, time.clock);
      let loads = 0;
      const load = async () => `answer ${++loads}`;

      const [first, second] = await Promise.all([cache.getOrLoad('k', load), cache.getOrLoad('k', load)]);
      expect([first, second, loads]).toEqual(['answer 1', 'answer 1', 1]);

      time.advance(1000);
      expect(await cache.getOrLoad('k', load)).toBe('answer 2');
    });

    it('gives a failed load to its callers and forgets it, so the next caller loads again', async () => {
      const cache = new TtlCache<Promise<string>>(1000, 10, manualClock().clock);
      const failing = pending<string>();
      const asked = [cache.getOrLoad('k', () => failing.promise), cache.getOrLoad('k', async () => 'unused')];

      failing.reject(new Error('Slack is down'));

      for (const answer of asked) await expect(answer).rejects.toThrow('Slack is down');
      expect(await cache.getOrLoad('k', async () => 'fresh')).toBe('fresh');
    });

    it('keeps a newer answer when an older, replaced load fails', async () => {
      const cache = new TtlCache<Promise<string>>(1000, 10, manualClock().clock);
      const old = pending<string>();
      const first = cache.getOrLoad('k', () => old.promise);
      cache.set('k', Promise.resolve('newer'));

      old.reject(new Error('late failure'));

      await expect(first).rejects.toThrow('late failure');
      expect(await cache.getOrLoad('k', async () => 'unused')).toBe('newer');
    });

    it('stays within its size however many keys are asked for', async () => {
      const cache = new TtlCache<Promise<number>>(60_000, 3, manualClock().clock);
      for (let i = 0; i < 100; i++) await cache.getOrLoad(`user-${i}`, async () => i);
      let loads = 0;
      const countLoads = async () => ++loads;

      for (const i of [97, 98, 99]) await cache.getOrLoad(`user-${i}`, countLoads);
      await cache.getOrLoad('user-0', countLoads);

      expect(loads).toBe(1);
    });
  });
});
