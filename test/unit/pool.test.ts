import { describe, expect, it } from 'vitest';
import { Limiter } from '../../src/service/pool.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('Limiter', () => {
  it('runs at most its limit at once, and everything in the end, in the order it came', async () => {
    const limiter = new Limiter(3);
    let running = 0;
    let most = 0;
    const started: number[] = [];

    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        limiter.run(async () => {
          started.push(i);
          running++;
          most = Math.max(most, running);
          await tick();
          running--;
        }),
      ),
    );

    expect(most).toBe(3);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('passes a failure to its caller and lets the next task run', async () => {
    const limiter = new Limiter(1);

    const failed = limiter.run(async () => {
      throw new Error('boom');
    });
    const next = limiter.run(async () => 'ran');

    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ran');
  });

  it('is idle only once every task given so far has finished, failed ones included', async () => {
    const limiter = new Limiter(2);
    const finished: string[] = [];
    const task = (name: string, fail = false) =>
      limiter.run(async () => {
        await tick();
        finished.push(name);
        if (fail) throw new Error(name);
      });
    const outcomes = Promise.allSettled([task('a'), task('b', true), task('c'), task('d')]);

    await limiter.idle();

    expect(finished.sort()).toEqual(['a', 'b', 'c', 'd']);
    expect((await outcomes).map((o) => o.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
  });
});
