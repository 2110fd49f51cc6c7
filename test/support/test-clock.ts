// The service's clock in tests: the real time plus however far the test has moved it on. Timers set on it
// fire when their moment comes either way — by the real time passing, or at once when the test moves the
// clock past it — so a test waits for a grant's end, a warning or a retry's backoff by saying that the time
// has come, and the component still decides for itself what is due. The offset keeps the clock moving
// between moves, as leases and timestamps expect.

import { type Clock, type ClockTimer, sleepOn } from '../../src/core/ports.js';

interface Pending {
  at: number;
  fire(): void;
  /** The system's timer that fires it when the real time gets there. */
  real: NodeJS.Timeout;
}

function realTimer(fire: () => void, ms: number): NodeJS.Timeout {
  const timer = setTimeout(fire, Math.max(0, ms));
  timer.unref();
  return timer;
}

export class TestClock implements Clock {
  private offset = 0;
  private readonly pending = new Set<Pending>();

  now(): number {
    return Date.now() + this.offset;
  }

  setTimer(fire: () => void, ms: number): ClockTimer {
    const entry: Pending = {
      at: this.now() + ms,
      fire: () => {
        clearTimeout(entry.real);
        if (this.pending.delete(entry)) fire();
      },
      real: realTimer(() => entry.fire(), ms),
    };
    this.pending.add(entry);
    return {
      cancel: () => {
        clearTimeout(entry.real);
        this.pending.delete(entry);
      },
    };
  }

  /** A sleep on this clock, for the parts that take one (the Identity Center adapter and simulator). */
  readonly sleep = (ms: number): Promise<void> => sleepOn(this, ms);

  /** Moves the time on by `ms`: every timer due by then fires, earliest first. */
  advance(ms: number): void {
    this.offset += ms;
    this.fireDue();
  }

  /** Moves the time on to `at` (a reading of this clock), if it is not there yet. */
  advanceTo(at: number): void {
    this.advance(Math.max(0, at - this.now()));
  }

  /** Timers waiting for a later moment. */
  get waiting(): number {
    return this.pending.size;
  }

  /** The moments the timers waiting are set for, earliest first. */
  get moments(): number[] {
    return [...this.pending].map((p) => p.at).sort((a, b) => a - b);
  }

  private fireDue(): void {
    const due = [...this.pending].filter((p) => p.at <= this.now()).sort((a, b) => a.at - b.at);
    for (const entry of due) entry.fire();
    // The moments still ahead are nearer now: the real time gets there sooner.
    for (const entry of this.pending) {
      clearTimeout(entry.real);
      entry.real = realTimer(entry.fire, entry.at - this.now());
    }
  }
}
