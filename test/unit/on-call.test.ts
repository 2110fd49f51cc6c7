import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { describeEntitlement } from '../../src/config/describe.js';
import { parseConfig } from '../../src/config/load.js';
import { IllegalTransition } from '../../src/core/errors.js';
import { activate, beginProvisioning } from '../../src/core/lifecycle.js';
import {
  applyOnCall,
  type OnCallEntry,
  type OnCallLookup,
  type OnCallShift,
  readOnCall,
} from '../../src/core/on-call.js';
import { createLogger } from '../../src/runtime/logger.js';
import { readmeConfigWith } from '../support/config.js';
import { entitlement } from '../support/entitlements.js';
import { expectUnbrokenTrail, HOUR, MINUTE, requested, T0 } from '../support/grants.js';

const ALICE = { id: 'PALICE1', name: 'Alice Ng', email: 'alice@example.com' };
const entry = (overrides: Partial<OnCallEntry> = {}): OnCallEntry => ({
  scheduleId: 'PPRIMARY',
  start: T0 - HOUR,
  end: T0 + HOUR,
  ...overrides,
});
const lookup = (...entries: OnCallEntry[]): OnCallLookup => ({ user: ALICE, entries });
const shift = (endsAt?: number): OnCallShift => ({
  source: 'pagerduty',
  scheduleId: 'PPRIMARY',
  scheduleName: 'Primary',
  userId: 'PALICE1',
  userName: 'Alice Ng',
  ...(endsAt !== undefined && { endsAt }),
});

describe('On call: readOnCall', () => {
  it('is on call with an entry of a configured schedule covering now, until that entry ends', () => {
    const answer = readOnCall(lookup(entry({ scheduleName: 'Primary' })), ['PPRIMARY'], ALICE.email, T0);
    expect(answer).toEqual({ kind: 'on-call', shift: shift(T0 + HOUR) });
  });

  it('takes the entry lasting longest, and an open-ended one over any end', () => {
    const two = lookup(entry({ end: T0 + HOUR }), entry({ scheduleId: 'PSECOND', end: T0 + 3 * HOUR }));
    expect(readOnCall(two, ['PPRIMARY', 'PSECOND'], ALICE.email, T0)).toMatchObject({
      shift: { scheduleId: 'PSECOND', endsAt: T0 + 3 * HOUR },
    });
    const open = lookup(entry({ end: null }), entry({ end: T0 + 3 * HOUR }));
    const answer = readOnCall(open, ['PPRIMARY'], ALICE.email, T0);
    expect(answer.kind === 'on-call' && answer.shift.endsAt).toBeUndefined();
  });

  it.each([
    ['a shift that has not started', entry({ start: T0 + MINUTE, end: T0 + HOUR })],
    ['a shift that ended', entry({ start: T0 - HOUR, end: T0 })],
    ['a schedule not configured', entry({ scheduleId: 'POTHER1' })],
  ])('is not on call with only %s', (_, only) => {
    expect(readOnCall(lookup(only), ['PPRIMARY'], ALICE.email, T0)).toMatchObject({ kind: 'not-on-call' });
  });

  it('is not on call without a PagerDuty user', () => {
    expect(readOnCall({ user: undefined }, ['PPRIMARY'], ALICE.email, T0)).toEqual({
      kind: 'not-on-call',
      why: 'PagerDuty has no user with the email alice@example.com',
    });
  });
});

describe('On call: applyOnCall and the grant’s end', () => {
  const ent = entitlement({ autoApprove: { pagerduty: { schedules: ['PPRIMARY'] } } });

  it('approves by system, naming schedule, user and shift end, and keeps the shift on the grant', () => {
    const { grant, event } = applyOnCall(requested(ent), { kind: 'on-call', shift: shift(T0 + HOUR) }, T0);
    expect(grant.state).toBe('approved');
    expect(grant.onCall).toEqual(shift(T0 + HOUR));
    expect(event).toMatchObject({ actor: 'system', action: 'approved', from: 'pending', to: 'approved' });
    expect(event?.detail).toBe(
      'on call in PagerDuty schedule PPRIMARY (Primary) as Alice Ng (PALICE1), until 2025-01-06T10:00:00.000Z',
    );
    expectUnbrokenTrail(grant);
  });

  it.each([
    ['not-on-call' as const, 'not-on-call'],
    ['unknown' as const, 'on-call-unknown'],
  ])('leaves the request pending when the answer is %s, with the reason on the record', (kind, action) => {
    const { grant, event } = applyOnCall(requested(ent), { kind, why: 'because' }, T0);
    expect(grant.state).toBe('pending');
    expect(grant.onCall).toBeUndefined();
    expect(event).toMatchObject({
      actor: 'system',
      action,
      from: 'pending',
      to: 'pending',
      detail: 'because',
    });
  });

  it('refuses a request that is no longer pending', () => {
    const approved = applyOnCall(requested(ent), { kind: 'on-call', shift: shift() }, T0).grant;
    expect(() => applyOnCall(approved, { kind: 'on-call', shift: shift() }, T0)).toThrow(IllegalTransition);
  });

  const activeWith = (endsAt: number | undefined, activatedAt: number) => {
    const approved = applyOnCall(
      requested(ent, { durationSec: 3600 }),
      { kind: 'on-call', shift: shift(endsAt) },
      T0,
    );
    return activate(beginProvisioning(approved.grant, activatedAt).grant, activatedAt).grant;
  };

  it('ends at the shift’s end when that comes before the end of the duration', () => {
    expect(activeWith(T0 + 20 * MINUTE, T0 + MINUTE).expiresAt).toBe(T0 + 20 * MINUTE);
  });

  it('ends after its duration when the shift lasts longer, or has no end', () => {
    expect(activeWith(T0 + 5 * HOUR, T0 + MINUTE).expiresAt).toBe(T0 + MINUTE + HOUR);
    expect(activeWith(undefined, T0 + MINUTE).expiresAt).toBe(T0 + MINUTE + HOUR);
  });
});

describe('Config: autoApprove.pagerduty.schedules', () => {
  const withAutoApprove = (autoApprove: unknown) =>
    readmeConfigWith((doc) => {
      doc.entitlements[0]!.autoApprove = autoApprove;
    });

  it('is read onto the entitlement', () => {
    const config = parseConfig(withAutoApprove({ pagerduty: { schedules: ['PABC123'] } }));
    expect(config.entitlements[0]?.autoApprove).toEqual({ pagerduty: { schedules: ['PABC123'] } });
    expect(config.entitlements[1]?.autoApprove).toBeUndefined();
  });

  it.each([
    [{ pagerduty: { schedules: ['abc'] } }, 'entitlements[0].autoApprove.pagerduty.schedules[0]'],
    [{ pagerduty: { schedules: [] } }, 'entitlements[0].autoApprove.pagerduty.schedules'],
    [{ opsgenie: {} }, 'entitlements[0].autoApprove'],
  ])('refuses %j at its path', (autoApprove, path) => {
    expect(() => parseConfig(withAutoApprove(autoApprove))).toThrow(path);
  });
});

describe('Logs: the PagerDuty token', () => {
  it('is redacted wherever the Lambda secret or the settings put it', () => {
    let written = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        written += String(chunk);
        done();
      },
    });
    const log = createLogger('info', sink);
    log.info({ secret: { pagerdutyToken: 'u+secret-1' }, pagerdutyToken: 'u+secret-2' }, 'read');
    log.info({ settings: { pagerduty: { token: 'u+secret-3' } } }, 'settings');
    log.info({ request: { headers: { Authorization: 'Token token=u+secret-4' } } }, 'call');
    expect(written).not.toMatch(/u\+secret/);
    expect(written).toContain('[redacted]');
  });
});

describe('Config check: on-call auto-approval', () => {
  it('says who needs no approval', () => {
    const row = describeEntitlement(
      entitlement({ approvals: 2, autoApprove: { pagerduty: { schedules: ['PABC123', 'PDEF456'] } } }),
    );
    expect(row.Approvals).toBe('2, none if on call in PABC123, PDEF456');
  });
});
