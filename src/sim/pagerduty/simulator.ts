// The state of the simulated PagerDuty account: users, schedules, on-call entries, the one API token it
// accepts, the faults a test plants, and every call made.

import { pagerDutySeedOf } from './seed.js';

export interface SimUser {
  id: string;
  name: string;
  email: string;
}

export interface SimSchedule {
  id: string;
  name: string;
}

export interface SimOnCall {
  scheduleId: string;
  userId: string;
  /** Epoch ms; `null` for a permanent on-call. */
  start: number | null;
  /** Epoch ms; `null` when the user does not go off call. */
  end: number | null;
  escalationLevel: number;
}

/** A fault for the next `times` calls of a path (`/oncalls`, `/users`, or `*`). */
export interface PagerDutyFault {
  path?: string;
  /** Answer with this status instead (429 carries `Retry-After` and `ratelimit-reset`). */
  status?: number;
  /** With 429: the seconds to wait (default 1). */
  retryAfterSec?: number;
  /** Hold the answer this long first. */
  delayMs?: number;
  /** Never answer (until the simulator closes). */
  hang?: boolean;
  /** How many calls it hits; `Infinity` for every one. Default 1. */
  times?: number;
}

export interface SimCall {
  path: string;
  query: string;
  authorized: boolean;
  at: number;
}

export class PagerDutySim {
  users: SimUser[] = [];
  schedules: SimSchedule[] = [];
  oncalls: SimOnCall[] = [];
  readonly calls: SimCall[] = [];
  private faults: (PagerDutyFault & { times: number })[] = [];

  constructor(readonly token: string) {}

  /** Fills the account from an organisation file's `pagerduty:` section; shifts count from `now`. */
  seed(org: unknown, now = Date.now()): void {
    const seed = pagerDutySeedOf(org);
    this.users = seed.users.map((u) => ({ ...u }));
    this.schedules = seed.schedules.map((s) => ({ ...s }));
    this.oncalls = seed.oncalls.map((o) => ({
      scheduleId: o.schedule,
      userId: o.user,
      start: now - o.startedAgo * 1000,
      end: o.endsIn === undefined ? null : now + o.endsIn * 1000,
      escalationLevel: o.escalationLevel,
    }));
  }

  addUser(user: SimUser): void {
    this.users.push(user);
  }

  addSchedule(schedule: SimSchedule): void {
    this.schedules.push(schedule);
  }

  putOnCall(entry: Omit<SimOnCall, 'escalationLevel'> & { escalationLevel?: number }): void {
    this.oncalls.push({ escalationLevel: 1, ...entry });
  }

  clearOnCalls(): void {
    this.oncalls = [];
  }

  inject(fault: PagerDutyFault): void {
    this.faults.push({ ...fault, times: fault.times ?? 1 });
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** The fault planted for this call of `path`, used up. */
  takeFault(path: string): PagerDutyFault | undefined {
    const index = this.faults.findIndex((f) => (f.path ?? '*') === '*' || f.path === path);
    const fault = this.faults[index];
    if (!fault) return undefined;
    fault.times -= 1;
    if (fault.times <= 0) this.faults.splice(index, 1);
    return fault;
  }

  callsTo(path: string): SimCall[] {
    return this.calls.filter((c) => c.path === path);
  }

  /** Who is on call now, for the sandbox page. */
  onCallNow(now = Date.now()): { schedule: string; user: string; end: number | null }[] {
    return this.oncalls
      .filter((o) => (o.start === null || o.start <= now) && (o.end === null || o.end > now))
      .map((o) => ({
        schedule: this.schedules.find((s) => s.id === o.scheduleId)?.name ?? o.scheduleId,
        user: this.users.find((u) => u.id === o.userId)?.name ?? o.userId,
        end: o.end,
      }));
  }
}
