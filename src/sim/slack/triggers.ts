// trigger_ids: Slack hands one out with each interaction and accepts it once, within three seconds, to
// open or push a modal for the person who interacted.

import { SlackApiError } from './errors.js';
import type { IdSource } from './ids.js';

export const TRIGGER_LIFETIME_MS = 3_000;

interface Trigger {
  user: string;
  issuedAtMs: number;
  used: boolean;
}

export class Triggers {
  private readonly issued = new Map<string, Trigger>();

  constructor(private readonly ids: IdSource) {}

  issue(user: string): string {
    const id = this.ids.triggerId();
    this.issued.set(id, { user, issuedAtMs: this.ids.nowMs(), used: false });
    return id;
  }

  /** The person the trigger belongs to; a trigger works once and only while it is fresh. */
  redeem(triggerId: string): string {
    const trigger = this.issued.get(triggerId);
    if (!trigger) throw new SlackApiError('invalid_trigger_id');
    if (trigger.used || this.ids.nowMs() - trigger.issuedAtMs > TRIGGER_LIFETIME_MS) {
      throw new SlackApiError('expired_trigger_id');
    }
    trigger.used = true;
    return trigger.user;
  }
}
