// What a request's thread says when AWS fails: a short sentence, an error code and a reference — never
// AWS's own text with its role ARNs and account ids. The reference finds the whole error in the logs.

import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Grant } from '../../src/core/grant.js';
import { createRequest } from '../../src/service/requests.js';
import { activeGrant, shortGrantsConfig } from '../support/active-grants.js';
import { eventually } from '../support/eventually.js';
import { QUICK_POLL } from '../support/identity-center-sim.js';
import { type System, startSystem } from '../support/system.js';
import { TestClock } from '../support/test-clock.js';

const ROLE = 'arn:aws:sts::111111111111:assumed-role/latchkey/latchkey-host';
const INTERNAL = [ROLE, '111111111111', 'arn:aws'];

describe('AWS errors in Slack threads', () => {
  let system: System;
  let clock: TestClock;
  const lines: string[] = [];
  beforeEach(async () => {
    lines.length = 0;
    clock = new TestClock();
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
    system = await startSystem({
      config: await shortGrantsConfig(),
      logTo: stream,
      clock,
      identityCenterTuning: { adapter: QUICK_POLL },
    });
  });
  afterEach(async () => {
    await system.close();
  });

  const threadOf = (grant: Grant) =>
    system.slack.workspace
      .thread(grant.channel ?? '', grant.messageTs ?? '')
      .map((m) => m.text)
      .join('\n');
  const dmsOf = (user: string) =>
    system.slack.workspace
      .dmsOf(user)
      .map((m) => m.text)
      .join('\n');

  /** The reference said in Slack, and the log line that carries it. */
  function logged(text: string): Record<string, unknown> {
    const ref = /ref `(e-[a-z0-9]{8})`/.exec(text)?.[1];
    expect(ref, text).toBeDefined();
    const line = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.errorRef === ref);
    expect(line, `a log line with ${ref}`).toBeDefined();
    return line!;
  }

  it('a creation Identity Center reports FAILED: the thread says so with a reference; AWS’s reason stays in the logs', async () => {
    const { deps } = system.latchkey;
    const reason = `Received a 400 status error: ${ROLE} is not authorized to perform sso:CreateAccountAssignment on account 111111111111`;
    system.ic.sim.failNextProvisioning({ kind: 'creation', reason });

    const asked = await createRequest(deps, {
      requester: 'U0ALICE',
      entitlementId: 'incident-breakglass',
      duration: '1h',
      reason: 'the incident',
    });
    const failed = await eventually(async () => {
      const grant = await deps.store.get(asked.id);
      return grant?.state === 'failed' && grant;
    });
    const thread = await eventually(() => {
      const text = threadOf(failed);
      return text.includes('could not be granted') && text;
    });

    for (const detail of INTERNAL) expect(thread).not.toContain(detail);
    expect(thread).toContain('error `provisioning_failed`');
    expect(JSON.stringify(logged(thread))).toContain(ROLE);
    // The audit trail keeps AWS's whole reason.
    expect(failed.events.find((e) => e.action === 'failed')?.detail).toBe(reason);
    const dm = await eventually(() => dmsOf('U0ALICE').includes('could not be granted') && dmsOf('U0ALICE'));
    for (const detail of INTERNAL) expect(dm).not.toContain(detail);
  });

  it('a revocation AWS refuses: each retry note gives the error code and a reference, not the ARN', async () => {
    const { deps } = system.latchkey;
    const grant = await activeGrant(
      deps,
      { requester: 'U0ALICE', entitlementId: 'incident-breakglass' },
      '1s',
    );
    system.ic.sim.injectFault({
      operation: 'DeleteAccountAssignment',
      error: 'AccessDeniedException',
      message: `User: ${ROLE} is not authorized to perform: sso:DeleteAccountAssignment`,
      times: 1000,
    });
    clock.advanceTo(grant.expiresAt!);

    const thread = await eventually(
      () => {
        const text = threadOf(grant);
        return text.includes('Revoking the access failed') && text;
      },
      { timeoutMs: 20_000 },
    );

    for (const detail of INTERNAL) expect(thread).not.toContain(detail);
    expect(thread).toContain('error `AccessDeniedException`');
    expect(JSON.stringify(logged(thread))).toContain(ROLE);
    system.ic.sim.faults.clear();
  });
});
