import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../src/core/token-bucket.js';

function manualClock() {
  let now = 0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('Class: TokenBucket', () => {
  it('gives its burst at once, then refuses until the rate has refilled a token', () => {
    const clock = manualClock();
    const bucket = new TokenBucket(4, 2, clock);
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([true, true, false]);
    expect(bucket.msUntilToken()).toBe(250);
    clock.advance(249);
    expect(bucket.tryTake()).toBe(false);
    clock.advance(1);
    expect(bucket.tryTake()).toBe(true);
  });

  it('never holds more than its burst, however long it waited', () => {
    const clock = manualClock();
    const bucket = new TokenBucket(10, 3, clock);
    clock.advance(60_000);
    const taken = Array.from({ length: 5 }, () => bucket.tryTake()).filter(Boolean);
    expect(taken).toHaveLength(3);
  });

  it('drained with a later start, gives nothing before that start and one interval after it', () => {
    const clock = manualClock();
    const bucket = new TokenBucket(2, 2, clock);
    bucket.drain(1000);
    expect(bucket.msUntilToken()).toBe(1500);
    clock.advance(1400);
    expect(bucket.tryTake()).toBe(false);
    clock.advance(100);
    expect(bucket.tryTake()).toBe(true);
  });

  it('keeps what it gathered at the old rate when the rate changes', () => {
    const clock = manualClock();
    const bucket = new TokenBucket(10, 10, clock);
    for (let i = 0; i < 10; i++) bucket.tryTake();
    clock.advance(100);
    bucket.ratePerSec = 1;
    expect(bucket.tryTake()).toBe(true);
    expect(bucket.msUntilToken()).toBe(1000);
  });
});
