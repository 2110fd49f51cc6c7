// Publishes Home tabs. A person who opens theirs gets it at once; a change to a grant marks everyone
// concerned (the requester and the entitlement's approvers) and they are published together a moment
// later, so a burst of changes becomes one publish per person. Publishes stay under views.publish's
// Tier 4 limit (100 a minute per workspace): past the budget, people wait their turn rather than be
// refused by Slack.

import type { HomeView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Grant } from '../core/grant.js';
import { after, type Clock, type ClockTimer, systemClock } from '../core/ports.js';

export interface HomePublisherOptions {
  client: WebClient;
  log: Logger;
  /** The Home view of one person, read fresh. */
  build(userId: string): Promise<HomeView>;
  /** Whose Home shows this grant: its requester and whoever may decide on it. */
  concerned(grant: Grant): Promise<string[]>;
  /** How long changes are gathered before publishing. */
  coalesceMs?: number;
  /** Publishes allowed in any 60 s; kept below Slack's 100 to leave room for retries. */
  perMinute?: number;
  /** The time the gathering delay and the budget's minute are measured on (the system's by default). */
  clock?: Clock;
}

export class HomePublisher {
  private readonly waiting = new Set<string>();
  /** Lookups of who is concerned by a change, still under way. */
  private readonly resolving = new Set<Promise<void>>();
  private readonly sent: number[] = [];
  private timer: ClockTimer | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly coalesceMs: number;
  private readonly perMinute: number;
  private readonly clock: Clock;

  constructor(private readonly options: HomePublisherOptions) {
    this.coalesceMs = options.coalesceMs ?? 400;
    this.perMinute = options.perMinute ?? 90;
    this.clock = options.clock ?? systemClock;
  }

  /** Someone opened their Home: published now (it counts against the same budget). */
  async opened(userId: string): Promise<void> {
    this.waiting.delete(userId);
    await this.publish(userId);
  }

  /** A grant changed: everyone concerned is published again soon. Never throws. */
  changed(grant: Grant): void {
    if (this.stopped) return;
    const resolved = this.options
      .concerned(grant)
      .then((people) => {
        if (this.stopped) return;
        for (const userId of people) this.waiting.add(userId);
        this.schedule(this.coalesceMs);
      })
      .catch((error: unknown) =>
        this.options.log.warn({ grantId: grant.id, err: error }, 'could not tell whose Home shows a grant'),
      );
    this.resolving.add(resolved);
    void resolved.finally(() => this.resolving.delete(resolved));
  }

  /**
   * Publishes what is waiting now rather than after the gathering delay (within the budget): for a Lambda
   * invocation, whose container may be frozen before a timer fires.
   */
  async flushNow(): Promise<void> {
    await Promise.all([...this.resolving]);
    this.timer?.cancel();
    this.timer = undefined;
    if (!this.stopped) this.running = this.running.then(() => this.flush());
    await this.running;
  }

  /** Waits until nothing is waiting or being published. */
  async idle(): Promise<void> {
    while (this.timer || this.waiting.size > 0) {
      await this.running;
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (this.stopped) break;
    }
    await this.running;
  }

  /**
   * Publishes what is waiting now (within the budget), then nothing more: called before the store closes,
   * so no read reaches a closed store and a one-shot sweep's changes still reach the Home tabs.
   */
  async close(): Promise<void> {
    await this.flushNow();
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
  }

  private schedule(delayMs: number): void {
    if (this.timer || this.stopped) return;
    this.timer = after(this.clock, delayMs, () => {
      this.timer = undefined;
      this.running = this.running.then(() => this.flush());
    });
  }

  private async flush(): Promise<void> {
    const people = [...this.waiting];
    for (const userId of people) {
      if (this.stopped) return;
      const waitMs = this.budgetWaitMs();
      if (waitMs > 0) {
        // Out of budget: the rest are published once a slot frees up.
        this.schedule(waitMs);
        return;
      }
      this.waiting.delete(userId);
      await this.publish(userId);
    }
  }

  /** How long until one more publish fits in the last minute's budget. */
  private budgetWaitMs(): number {
    const now = this.clock.now();
    while (this.sent.length > 0 && this.sent[0]! <= now - 60_000) this.sent.shift();
    if (this.sent.length < this.perMinute) return 0;
    return this.sent[0]! + 60_000 - now + 1;
  }

  private async publish(userId: string): Promise<void> {
    this.sent.push(this.clock.now());
    try {
      const view = await this.options.build(userId);
      await this.options.client.views.publish({ user_id: userId, view });
    } catch (error) {
      this.options.log.error({ user: userId, err: error }, 'could not publish the Home tab');
    }
  }
}
