// Ids and timestamps in Slack's formats. Message ts values must be unique and increasing within the
// workspace, even when many messages land in the same second, because clients use them as keys.

import type { Clock } from '../../core/ports.js';

export class IdSource {
  private lastSec = 0;
  private lastMicro = 0;
  private counter = 0;

  constructor(private readonly clock: Clock) {}

  nowMs(): number {
    return this.clock.now();
  }

  nowSec(): number {
    return Math.floor(this.clock.now() / 1000);
  }

  /** `1732888888.000100`: seconds, then a six-digit part that orders messages within the second. */
  messageTs(): string {
    const sec = this.nowSec();
    if (sec > this.lastSec) {
      this.lastSec = sec;
      this.lastMicro = 100;
    } else {
      this.lastMicro += 100;
      if (this.lastMicro >= 1_000_000) {
        this.lastSec += 1;
        this.lastMicro = 100;
      }
    }
    return `${this.lastSec}.${String(this.lastMicro).padStart(6, '0')}`;
  }

  private next(): number {
    this.counter += 1;
    return this.counter;
  }

  /** Slack ids are upper-case base 36 after a one-letter kind prefix. */
  id(prefix: string): string {
    return `${prefix}0${this.next().toString(36).toUpperCase().padStart(8, '0')}`;
  }

  /** Shaped like Slack's `12345.98765.abcd2358fdea`. */
  triggerId(): string {
    const n = this.next();
    return `${this.nowSec()}.${100000 + n}.${(n * 2654435761).toString(16).padStart(12, '0').slice(-12)}`;
  }

  viewHash(): string {
    return `${this.nowSec()}.${this.next().toString(36).padStart(8, '0')}`;
  }
}
