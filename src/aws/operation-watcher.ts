// Waits for many asynchronous account-assignment operations with few requests. One look (a status
// listing, up to 100 operations a page) answers for every operation in flight, so a batch is confirmed
// with one request instead of one or more each. The first look at an operation is timed by how long
// operations have been seen to take; an operation the page does not show is asked about on its own, so
// nothing depends on the order AWS lists them in.

import { ProvisioningPending } from '../core/errors.js';
import type { Clock } from '../core/ports.js';
import type { Sleep } from './rate-limiter.js';

export interface OperationStatus {
  Status?: string | undefined;
  RequestId?: string | undefined;
  FailureReason?: string | undefined;
  CreatedDate?: Date | undefined;
}

export interface PollOptions {
  /** How long an operation is expected to take until one has been seen (then it is learned). */
  firstMs: number;
  /** The longest wait between two looks at an operation still in progress. */
  maxMs: number;
  /** How long to wait in all for Identity Center to finish. */
  deadlineMs: number;
}

export interface OperationWatcherDeps {
  clock: Clock;
  sleep: Sleep;
  poll: PollOptions;
  /** One page of operation statuses. */
  list: () => Promise<OperationStatus[]>;
  /** One operation's status (with its failure reason); `undefined` when it is not known yet. */
  describe: (requestId: string) => Promise<OperationStatus | undefined>;
  /** The time one request's turn takes under the request rate now; looks keep a few turns apart. */
  turnMs: () => number;
}

interface Waiting {
  requestId: string;
  startedAt: number;
  dueAt: number;
  resolve: (status: OperationStatus) => void;
  reject: (error: unknown) => void;
}

/**
 * A look waits for this many operations to be due, but no operation waits more than this share of the
 * provisioning time for it. With AWS's quotas (20 requests/s, 15 in flight, 1 s of provisioning) this
 * spends about one request in four on looks, and keeps a slot idle about a tenth of its time.
 */
const LOOK_BATCH = 3;
const LOOK_PATIENCE = 0.2;

/** How far one look moves the estimate up; down a quarter of that, so about one look in five is early. */
const LEARN_STEP = 0.02;

const finished = (status: string | undefined) => status === 'SUCCEEDED' || status === 'FAILED';

export class OperationWatcher {
  private readonly waiting = new Map<string, Waiting>();
  private estimateMs: number;
  private looking = false;
  private lastLook = Number.NEGATIVE_INFINITY;

  constructor(private readonly deps: OperationWatcherDeps) {
    this.estimateMs = deps.poll.firstMs;
  }

  /** How long operations are taking, as learned so far. */
  get expectedMs(): number {
    return this.estimateMs;
  }

  /** Resolves with the operation's final status (SUCCEEDED or FAILED); rejects after the deadline. */
  wait(requestId: string, startedAt: number): Promise<OperationStatus> {
    return new Promise((resolve, reject) => {
      this.waiting.set(requestId, {
        requestId,
        startedAt,
        dueAt: startedAt + this.estimateMs,
        resolve,
        reject,
      });
      if (!this.looking) void this.run();
    });
  }

  private async run(): Promise<void> {
    this.looking = true;
    try {
      while (this.waiting.size > 0) {
        const wait = this.nextLookAt() - this.deps.clock.now();
        if (wait > 0) await this.deps.sleep(wait);
        await this.look();
      }
    } catch (error) {
      // Nothing is left waiting forever: whoever waits is told, and retries the step later.
      for (const w of [...this.waiting.values()]) {
        this.waiting.delete(w.requestId);
        w.reject(error);
      }
    } finally {
      this.looking = false;
    }
  }

  /**
   * When a look is worth its request. A look costs a turn of the request rate that a change could have
   * used; a look too late keeps finished operations' slots idle. Both are bounded: the look waits until a
   * few operations are due (it then confirms them together), but the soonest never waits more than a
   * fraction of the provisioning time past its due time. Looks keep a couple of turns apart.
   */
  private nextLookAt(): number {
    const dues = [...this.waiting.values()].map((w) => w.dueAt).sort((a, b) => a - b);
    const soonest = dues[0] ?? this.deps.clock.now();
    const batch = dues[Math.min(LOOK_BATCH, dues.length) - 1] ?? soonest;
    const at = Math.min(batch, soonest + this.estimateMs * LOOK_PATIENCE);
    return Math.max(at, this.lastLook + Math.max(this.estimateMs / 20, 2 * this.deps.turnMs()));
  }

  private async look(): Promise<void> {
    const at = this.deps.clock.now();
    this.lastLook = at;
    const relook = Math.min(this.deps.poll.maxMs, Math.max(10, this.estimateMs / 20));
    let page: OperationStatus[] = [];
    try {
      page = await this.deps.list();
    } catch (error) {
      // A look that failed (after the client's own retries) is a look missed: try again a little later,
      // and give up on an operation only at its deadline.
      this.expire(error);
      for (const w of this.waiting.values()) w.dueAt = Math.max(w.dueAt, this.deps.clock.now() + relook);
      return;
    }
    const listed = new Map(page.map((s) => [s.RequestId, s.Status]));
    /** The longest any due operation is known to have run: it was still running when the look was sent. */
    let dueStillRunning = 0;
    let dueFinished = false;
    const askAlone: Waiting[] = [];
    for (const w of [...this.waiting.values()]) {
      const status = listed.get(w.requestId);
      const due = w.dueAt <= at;
      if (status === 'SUCCEEDED') {
        if (due) dueFinished = true;
        this.settle(w, { Status: status, RequestId: w.requestId });
      } else if (status === 'FAILED') {
        // The listing carries no reason: ask for it.
        askAlone.push(w);
      } else if (status === 'IN_PROGRESS') {
        if (due) {
          dueStillRunning = Math.max(dueStillRunning, at - w.startedAt);
          w.dueAt = at + relook;
        }
      } else if (due) {
        askAlone.push(w);
      }
    }
    // Learning how long operations take: one due but still running says the estimate is short (and that
    // operations take at least as long as it has run); due ones all finished say it may be long. A look too
    // early costs one request and a short wait; a look too late keeps every slot idle meanwhile: so the
    // estimate hovers where about one look in five is early, in small steps.
    if (dueStillRunning > 0)
      this.estimateMs = Math.min(
        this.deps.poll.deadlineMs / 2,
        Math.max(this.estimateMs, dueStillRunning) * (1 + LEARN_STEP),
      );
    else if (dueFinished) this.estimateMs = Math.max(20, this.estimateMs * (1 - LEARN_STEP / 4));

    for (const w of askAlone) {
      try {
        const status = await this.deps.describe(w.requestId);
        if (status && finished(status.Status)) this.settle(w, status);
        else w.dueAt = this.deps.clock.now() + relook;
      } catch (error) {
        w.dueAt = this.deps.clock.now() + relook;
        this.expire(error, w);
      }
    }
    this.expire();
  }

  private settle(w: Waiting, status: OperationStatus): void {
    this.waiting.delete(w.requestId);
    w.resolve(status);
  }

  /** Operations past their deadline end as pending: the step is retried later, never called failed. */
  private expire(cause?: unknown, only?: Waiting): void {
    const now = this.deps.clock.now();
    const seconds = Math.round(this.deps.poll.deadlineMs / 1000);
    for (const w of only ? [only] : [...this.waiting.values()]) {
      if (now - w.startedAt < this.deps.poll.deadlineMs) continue;
      this.waiting.delete(w.requestId);
      const why = cause instanceof Error ? ` (last look: ${cause.name})` : '';
      w.reject(
        new ProvisioningPending(
          `the change was still in progress after ${seconds}s (request ${w.requestId})${why}; it is safe to try again`,
          w.requestId,
        ),
      );
    }
  }
}
