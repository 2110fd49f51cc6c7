// The sweeper function's error is the alarm for access that cannot be taken away: a revocation that keeps
// failing must make the scheduled invocation fail, every time, until the revocation goes through.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  approveByButton,
  askProdRead,
  backdate,
  type Deployment,
  deployLatchkey,
  grantOf,
  threadText,
} from '../support/lambda/deployment.js';
import { scheduledEvent } from '../support/lambda/stack.js';
import { PROD_READ } from '../support/slack-flows.js';

let latchkey: Deployment;
// Deploying synthesizes the stack for the roles the functions run under.
beforeAll(async () => {
  latchkey = await deployLatchkey();
}, 120_000);
afterAll(async () => {
  await latchkey?.close();
});

describe('Latchkey on Lambda: a revocation that keeps failing', () => {
  it('fails the scheduled sweep from the third failed attempt on, and no longer once the access is gone', async () => {
    const { stack } = latchkey;
    const { request } = await askProdRead(latchkey, 'U0ALICE', 'the quarterly audit');
    await approveByButton(latchkey, 'U0BOB', request);
    const grant = await grantOf(latchkey, request);
    expect(grant.state).toBe('active');
    // Someone narrowed Latchkey's role: Identity Center refuses every removal from now on.
    stack.ic.sim.injectFault({
      operation: 'DeleteAccountAssignment',
      error: 'AccessDeniedException',
      times: 1000,
    });

    await backdate(latchkey, grant, 'expiresAt');
    await expect(
      latchkey.sweeper(scheduledEvent()),
      'first failure: Latchkey retries',
    ).resolves.toBeUndefined();
    expect(await grantOf(latchkey, request)).toMatchObject({ state: 'revoking', attempts: 1 });
    await backdate(latchkey, grant, 'nextAttemptAt');
    await expect(latchkey.sweeper(scheduledEvent()), 'second failure').resolves.toBeUndefined();
    expect(await grantOf(latchkey, request)).toMatchObject({ state: 'revoking', attempts: 2 });

    await backdate(latchkey, grant, 'nextAttemptAt');
    await expect(latchkey.sweeper(scheduledEvent())).rejects.toThrow(
      `revocation keeps failing for ${grant.id}`,
    );
    expect(await grantOf(latchkey, request)).toMatchObject({ state: 'revoking', attempts: 3 });
    // While the next attempt waits out its backoff, the sweep still reports the access it cannot remove.
    await expect(latchkey.sweeper(scheduledEvent())).rejects.toThrow(grant.id);
    expect(stack.ic.sim.holds('alice@example.com', PROD_READ)).toBe(true);
    expect(threadText(latchkey, request)).toContain('Revoking the access failed (attempt 1)');

    // The role is mended: the next attempt goes through and the alarm clears.
    stack.ic.sim.faults.clear();
    await backdate(latchkey, grant, 'nextAttemptAt');
    await expect(latchkey.sweeper(scheduledEvent())).resolves.toBeUndefined();
    expect(await grantOf(latchkey, request)).toMatchObject({ state: 'revoked' });
    expect(stack.ic.sim.holds('alice@example.com', PROD_READ)).toBe(false);
  });
});
