import { CreateAccountAssignmentCommand } from '@aws-sdk/client-sso-admin';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { simClients } from '../support/identity-center-sim.js';
import { type System, startSystem } from '../support/system.js';

describe('Server: the scheduled reconcile', () => {
  let system: System | undefined;
  afterEach(async () => {
    await system?.close();
    system = undefined;
  });

  it('posts access granted outside Latchkey to the approval channel, and leaves standing access alone', async () => {
    // Prepare: the first pass takes the baseline (Carol's standing ReadOnlyAccess is in it)
    system = await startSystem({ reconcileEveryMs: 200 });
    const { ic, slack } = system;
    await eventually(async () => system?.db.store.getBaseline(await baselineKey(system)), {
      what: 'the baseline',
    });

    // Act: someone assigns AdministratorAccess on production to Dave behind Latchkey's back
    const { ssoAdmin } = simClients(ic.url);
    await ssoAdmin.send(
      new CreateAccountAssignmentCommand({
        InstanceArn: ic.sim.instanceArn,
        TargetId: '123456789012',
        TargetType: 'AWS_ACCOUNT',
        PermissionSetArn: ic.sim.permissionSetArn('AdministratorAccess'),
        PrincipalType: 'USER',
        PrincipalId: ic.sim.userId('dave'),
      }),
    );

    // Assess
    const post = await eventually(
      () => slack.workspace.history('C0APPROVALS').find((m) => m.text?.includes('found drift')),
      { what: 'the drift report' },
    );
    expect(post.text).toContain('unexplained');
    expect(post.text).toContain(ic.sim.userId('dave'));
    expect(post.text).not.toContain(ic.sim.userId('carol'));
  });
});

async function baselineKey(system: System): Promise<string> {
  const arn = system.ic.sim.permissionSetArn('AdministratorAccess');
  return `ps#123456789012#${arn}`;
}
