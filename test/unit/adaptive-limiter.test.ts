import { describe, expect, it } from 'vitest';
import { type OperationStatus, OperationWatcher, type PollOptions } from '../../src/aws/operation-watcher.js';
import { InFlightCap, RateLimiter } from '../../src/aws/rate-limiter.js';
import { ProvisioningPending } from '../../src/core/errors.js';
import { virtualTime } from '../support/virtual-time.js';

describe('Class: RateLimiter, learning from throttling', () => {
  it('slows down by its factor on a throttle, once per congested moment', () => {
    // Prepare
    const time = virtualTime();
    const limiter = new RateLimiter(20, 20, time.clock, time.sleep);
    // Act: three throttles of one congested moment, then one a second later
    limiter.throttled();
    limiter.throttled();
    limiter.throttled();
    const afterFirst = limiter.ratePerSec;
    time.advance(1000);
    limiter.throttled();
    // Assess
    expect(afterFirst).toBeCloseTo(14);
    expect(limiter.ratePerSec).toBeCloseTo(9.8);
  });

  it('lets nobody through before the Retry-After the service asked for, then no burst', async () => {
    const time = virtualTime();
    const limiter = new RateLimiter(10, 10, time.clock, time.sleep);
    limiter.throttled(2000);
    await limiter.acquire();
    await limiter.acquire();
    // 2 s of pause, then one interval at the lowered rate (7/s) for the second caller.
    expect(time.slept[0]).toBeGreaterThanOrEqual(2000);
    expect(time.slept[1]).toBe(Math.ceil(1000 / 7));
  });

  it('creeps back to its ceiling on successes, and never past it', () => {
    const time = virtualTime();
    const limiter = new RateLimiter(18, 18, time.clock, time.sleep);
    limiter.throttled();
    expect(limiter.ratePerSec).toBeLessThan(18);
    for (let i = 0; i < 1000; i++) limiter.succeeded();
    expect(limiter.ratePerSec).toBe(18);
  });

  it('finds a quota lower than its ceiling: admitted requests settle under it', async () => {
    // Prepare: a service admitting 10 a second (a bucket of 10) behind a limiter that assumes 18.
    const time = virtualTime();
    const limiter = new RateLimiter(18, 18, time.clock, time.sleep);
    let tokens = 10;
    let last = 0;
    let throttles = 0;
    const admitted: number[] = [];
    // Act: 600 requests, one after another, each told how it went.
    for (let i = 0; i < 600; i++) {
      await limiter.acquire();
      const now = time.clock.now();
      tokens = Math.min(10, tokens + ((now - last) / 1000) * 10);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        admitted.push(now);
        limiter.succeeded();
      } else {
        throttles++;
        limiter.throttled();
      }
    }
    // Assess: throttles are a small share, and most of the quota is used.
    expect(throttles).toBeLessThan(60);
    const spanSec = (admitted.at(-1)! - admitted[0]!) / 1000;
    expect(admitted.length / spanSec).toBeGreaterThan(7);
    expect(admitted.length / spanSec).toBeLessThanOrEqual(10 + 10 / spanSec);
  });
});

describe('Class: InFlightCap, learning from throttling', () => {
  it('lowers its limit on a throttle and lets holders leave until it is met', async () => {
    const time = virtualTime();
    const gate = new InFlightCap(4, time.clock);
    const releases: (() => void)[] = [];
    let running = 0;
    const hold = () =>
      gate.use(async () => {
        running++;
        await new Promise<void>((resolve) => releases.push(resolve));
        running--;
      });
    const all = Array.from({ length: 8 }, hold);
    await Promise.resolve();
    expect(running).toBe(4);
    gate.throttled();
    expect(gate.limit).toBe(3);
    // Two leave: one place opens under the new limit of 3.
    releases.shift()!();
    releases.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    expect(running).toBe(3);
    while (releases.length > 0) {
      releases.shift()!();
      await new Promise((r) => setTimeout(r, 0));
    }
    await Promise.all(all);
    expect(gate.inUse).toBe(0);
  });

  /** Fills the gate to its limit with holders that stay until `release` is called. */
  async function filled(gate: InFlightCap) {
    const releases: (() => void)[] = [];
    const holders = Array.from({ length: gate.limit }, () =>
      gate.use(() => new Promise<void>((resolve) => releases.push(resolve))),
    );
    await Promise.resolve();
    return async () => {
      for (const release of releases) release();
      await Promise.all(holders);
    };
  }

  it('raises its limit one step per `limit` releases, slowly near where it was throttled, never past its max', async () => {
    const time = virtualTime();
    const gate = new InFlightCap(6, time.clock);
    const release = await filled(gate);
    gate.throttled();
    await release();
    expect(gate.limit).toBe(5);
    // Right under the level that was throttled: sixteen times the releases before a step up (six were spent).
    for (let i = 0; i < 73; i++) await gate.use(async () => undefined);
    expect(gate.limit).toBe(5);
    await gate.use(async () => undefined);
    expect(gate.limit).toBe(6);
    for (let i = 0; i < 200; i++) await gate.use(async () => undefined);
    expect(gate.limit).toBe(6);
  });

  it('keeps its limit when a throttle comes while it is not full: that was not the cap on changes', async () => {
    const time = virtualTime();
    const gate = new InFlightCap(15, time.clock);
    let release: () => void = () => undefined;
    const holding = new Promise<void>((resolve) => (release = resolve));
    const one = gate.use(() => holding);
    gate.throttled();
    expect(gate.limit).toBe(15);
    release();
    await one;
  });

  it('never goes below one', async () => {
    const time = virtualTime();
    const gate = new InFlightCap(2, time.clock);
    for (let i = 0; i < 5; i++) {
      const release = await filled(gate);
      gate.throttled();
      time.advance(1000);
      await release();
    }
    expect(gate.limit).toBe(1);
  });
});

describe('Class: OperationWatcher', () => {
  /** Operations that finish `provisioningMs` after they start, listed as a status page would list them. */
  function service(provisioningMs: number, time: ReturnType<typeof virtualTime>) {
    const started = new Map<string, number>();
    const failed = new Set<string>();
    const status = (id: string): OperationStatus => ({
      RequestId: id,
      Status:
        time.clock.now() < started.get(id)! + provisioningMs
          ? 'IN_PROGRESS'
          : failed.has(id)
            ? 'FAILED'
            : 'SUCCEEDED',
      ...(failed.has(id) && time.clock.now() >= started.get(id)! + provisioningMs
        ? { FailureReason: 'no such assignment' }
        : {}),
    });
    const calls = { list: 0, describe: 0 };
    return {
      calls,
      started,
      failed,
      start(id: string) {
        started.set(id, time.clock.now());
      },
      list: async () => {
        calls.list++;
        return [...started.keys()].map((id) => ({ RequestId: id, Status: status(id).Status }));
      },
      describe: async (id: string) => {
        calls.describe++;
        return status(id);
      },
    };
  }

  /** A watcher of `aws` on virtual time: the production poll settings unless a test says otherwise. */
  function watcherOf(
    aws: ReturnType<typeof service>,
    time: ReturnType<typeof virtualTime>,
    options: { poll?: Partial<PollOptions>; turnMs?: number } = {},
  ) {
    return new OperationWatcher({
      clock: time.clock,
      sleep: time.sleep,
      poll: { firstMs: 1000, maxMs: 5000, deadlineMs: 60_000, ...options.poll },
      list: aws.list,
      describe: aws.describe,
      turnMs: () => options.turnMs ?? 50,
    });
  }

  it('confirms operations started together with one look, at the provisioning time', async () => {
    // Prepare
    const time = virtualTime();
    const aws = service(1000, time);
    const watcher = watcherOf(aws, time);
    // Act
    const ids = Array.from({ length: 15 }, (_, i) => `op-${i}`);
    for (const id of ids) aws.start(id);
    const statuses = await Promise.all(ids.map((id) => watcher.wait(id, time.clock.now())));
    // Assess
    expect(statuses.every((s) => s.Status === 'SUCCEEDED')).toBe(true);
    expect(aws.calls).toEqual({ list: 1, describe: 0 });
    expect(time.clock.now()).toBe(1000);
  });

  it('keeps 15 operations in flight confirmed a few to a look, none waiting past a fifth of the provisioning time', async () => {
    // Prepare: a steady stream, as a sweep keeps it: 15 in flight, started a fifteenth of a second apart,
    // and each one seen finished is replaced at once by the next.
    const time = virtualTime();
    const aws = service(1000, time);
    // Requests are cheap here: what holds looks back is that each should confirm several.
    const watcher = watcherOf(aws, time, { turnMs: 10 });
    const total = 300;
    let next = 0;
    const idleMs: number[] = [];
    const run = (id: string, startedAt: number): Promise<void> =>
      watcher.wait(id, startedAt).then(() => {
        idleMs.push(time.clock.now() - (startedAt + 1000));
        if (next >= total) return;
        const following = `op-${next++}`;
        aws.start(following);
        return run(following, time.clock.now());
      });
    // Act
    const first = Array.from({ length: 15 }, (_, i) => {
      const id = `op-${next++}`;
      aws.started.set(id, -1000 + i * 67);
      return run(id, -1000 + i * 67);
    });
    await Promise.all(first);
    // Assess: about one look for three operations (a look per operation would spend a request a change
    // could use), and a slot idles after its operation finished for at most a fifth of the provisioning
    // time (a few turns more while the estimate settles).
    expect(idleMs).toHaveLength(total);
    expect(aws.calls.list / total).toBeLessThan(0.45);
    expect(Math.max(...idleMs)).toBeLessThanOrEqual(250);
    const mean = idleMs.reduce((a, b) => a + b, 0) / total;
    expect(mean).toBeLessThan(150);
  });

  it('learns a longer provisioning time from looks that came too early', async () => {
    const time = virtualTime();
    const aws = service(3000, time);
    const watcher = watcherOf(aws, time);
    aws.start('a');
    await watcher.wait('a', time.clock.now());
    const before = watcher.expectedMs;
    expect(before).toBeGreaterThan(1000);
    // Later operations are looked at nearer their end: fewer looks each.
    const looksForFirst = aws.calls.list;
    aws.calls.list = 0;
    for (let round = 0; round < 30; round++) {
      aws.start(`b${round}`);
      await watcher.wait(`b${round}`, time.clock.now());
    }
    expect(aws.calls.list / 30).toBeLessThan(looksForFirst);
    expect(watcher.expectedMs).toBeGreaterThan(2500);
  });

  it('asks for the reason of a failure, and about an operation the page does not show', async () => {
    const time = virtualTime();
    const aws = service(500, time);
    const watcher = new OperationWatcher({
      clock: time.clock,
      sleep: time.sleep,
      poll: { firstMs: 500, maxMs: 5000, deadlineMs: 60_000 },
      // A page that never shows `hidden`: the order AWS lists in is not relied on.
      list: async () => (await aws.list()).filter((s) => s.RequestId !== 'hidden'),
      describe: aws.describe,
      turnMs: () => 50,
    });
    aws.start('ok');
    aws.start('bad');
    aws.start('hidden');
    aws.failed.add('bad');
    const [ok, bad, hidden] = await Promise.all(
      ['ok', 'bad', 'hidden'].map((id) => watcher.wait(id, time.clock.now())),
    );
    expect(ok?.Status).toBe('SUCCEEDED');
    expect(bad).toMatchObject({ Status: 'FAILED', FailureReason: 'no such assignment' });
    expect(hidden?.Status).toBe('SUCCEEDED');
    expect(aws.calls.describe).toBe(2);
  });

  it('gives up at the deadline with ProvisioningPending, never calling the change failed', async () => {
    const time = virtualTime();
    const aws = service(600_000, time);
    const watcher = watcherOf(aws, time, { poll: { deadlineMs: 10_000 } });
    aws.start('slow');
    await expect(watcher.wait('slow', time.clock.now())).rejects.toBeInstanceOf(ProvisioningPending);
    expect(time.clock.now()).toBeGreaterThanOrEqual(10_000);
  });
});
