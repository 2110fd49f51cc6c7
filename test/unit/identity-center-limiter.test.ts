import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, retrying } from '../../src/aws/backoff.js';
import { InFlightCap, RateLimiter } from '../../src/aws/rate-limiter.js';
import { virtualTime } from '../support/virtual-time.js';

describe('the rate limiter', () => {
  it('lets a burst through at once, then spaces callers at the rate', async () => {
    const time = virtualTime({ yieldFirst: true });
    const limiter = new RateLimiter(10, 3, time.clock, time.sleep);
    for (let i = 0; i < 5; i++) await limiter.acquire();
    // Three from the bucket, then one every 100 ms.
    expect(time.slept).toEqual([100, 100]);
  });

  it('queues simultaneous callers one interval apart, in arrival order', async () => {
    const time = virtualTime({ yieldFirst: true });
    const limiter = new RateLimiter(4, 1, time.clock, time.sleep);
    const admitted: [number, number][] = [];
    await Promise.all(
      [1, 2, 3].map((n) => limiter.acquire().then(() => admitted.push([n, time.clock.now()]))),
    );
    expect(admitted).toEqual([
      [1, 0],
      [2, 250],
      [3, 500],
    ]);
  });

  it('never admits more than burst + rate × elapsed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 60 }), async (gaps) => {
        const time = virtualTime({ yieldFirst: true });
        const limiter = new RateLimiter(20, 18, time.clock, time.sleep);
        const admitted: number[] = [];
        for (const gap of gaps) {
          time.advance(gap);
          await limiter.acquire();
          admitted.push(time.clock.now());
        }
        for (let i = 0; i < admitted.length; i++) {
          for (let j = i; j < admitted.length; j++) {
            const window = admitted[j]! - admitted[i]!;
            expect(j - i + 1).toBeLessThanOrEqual(18 + Math.ceil((window / 1000) * 20) + 1);
          }
        }
      }),
      { numRuns: 50 },
    );
  });
});

describe('the in-flight cap', () => {
  it('holds at most its limit at once and serves the rest in turn', async () => {
    const gate = new InFlightCap(2);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        gate.use(async () => {
          running++;
          most = Math.max(most, running);
          await new Promise((r) => setTimeout(r, 5));
          order.push(n);
          running--;
        }),
      ),
    );
    expect(most).toBe(2);
    expect(order).toEqual([1, 2, 3, 4, 5]);
    expect(gate.inUse).toBe(0);
  });

  it('frees the slot when the work fails', async () => {
    const gate = new InFlightCap(1);
    await expect(gate.use(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate.use(async () => 'next')).toBe('next');
  });
});

describe('backoff', () => {
  it('waits a random time up to a bound that doubles and is capped', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.double({ min: 0, max: 0.999_999, noNaN: true }),
        (attempt, r) => {
          const delay = backoffDelay(attempt, 100, 5000, () => r);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(Math.min(5000, 100 * 2 ** attempt));
        },
      ),
    );
  });

  it('retries only what it is told to, and only as often as allowed', async () => {
    const time = virtualTime({ yieldFirst: true });
    let calls = 0;
    const options = { attempts: 4, baseMs: 10, maxMs: 100, sleep: time.sleep, random: () => 1 };
    const flaky = () => {
      calls++;
      return calls < 3 ? Promise.reject(new Error('conflict')) : Promise.resolve('done');
    };
    expect(await retrying(flaky, () => true, options)).toBe('done');
    expect(time.slept).toEqual([10, 20]);

    calls = 0;
    await expect(retrying(flaky, () => false, options)).rejects.toThrow('conflict');
    expect(calls).toBe(1);

    await expect(
      retrying(
        () => Promise.reject(new Error('always')),
        () => true,
        options,
      ),
    ).rejects.toThrow('always');
  });
});
