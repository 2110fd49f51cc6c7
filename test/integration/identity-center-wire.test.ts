// Fixes the simulator against the real SDK clients: what goes over the wire is what AWS sends.

import {
  CreateGroupMembershipCommand,
  GetUserIdCommand,
  ConflictException as StoreConflict,
  ResourceNotFoundException as StoreNotFound,
} from '@aws-sdk/client-identitystore';
import {
  InternalServerException,
  ListAccountAssignmentsCommand,
  ListInstancesCommand,
  ListPermissionSetsCommand,
  ResourceNotFoundException,
  SSOAdminServiceException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-sso-admin';
import { GetCallerIdentityCommand, STSServiceException } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type IdentityCenterUnderTest,
  PRODUCTION,
  simClients,
  startIdentityCenter,
} from '../support/identity-center-sim.js';

let ic: IdentityCenterUnderTest;
beforeEach(async () => {
  ic = await startIdentityCenter();
});
afterEach(async () => {
  await ic.close();
});

/** Sends one sso-admin call with its X-Amz-Target or body replaced, as a client of another version might. */
async function tampered(change: { target?: string; body?: string }): Promise<unknown> {
  const { ssoAdmin } = simClients(ic.url, { maxAttempts: 1 });
  ssoAdmin.middlewareStack.add(
    (next) => (args) => {
      const request = args.request as { headers: Record<string, string>; body: unknown };
      if (change.target) request.headers['x-amz-target'] = change.target;
      if (change.body !== undefined) {
        request.body = change.body;
        request.headers['content-length'] = String(Buffer.byteLength(change.body));
      }
      return next(args);
    },
    { step: 'finalizeRequest', name: 'tamper' },
  );
  return ssoAdmin.send(new ListInstancesCommand({})).catch((e: unknown) => e);
}

describe('the JSON protocol of sso-admin and identitystore', () => {
  it('answers an unknown operation with UnknownOperationException and status 400', async () => {
    const error = await tampered({ target: 'SWBExternalService.GrantEverything' });
    expect(error).toBeInstanceOf(SSOAdminServiceException);
    expect(error).toMatchObject({ name: 'UnknownOperationException', $metadata: { httpStatusCode: 400 } });
  });

  it('answers a body that is not JSON with SerializationException and status 400', async () => {
    const error = await tampered({ body: '{"InstanceArn": ' });
    expect(error).toMatchObject({ name: 'SerializationException', $metadata: { httpStatusCode: 400 } });
  });

  it('answers a request that breaks the model with ValidationException', async () => {
    const error = await tampered({ target: 'SWBExternalService.ListPermissionSets', body: '{}' });
    expect(error).toBeInstanceOf(ValidationException);
    expect(error).toMatchObject({ $metadata: { httpStatusCode: 400 } });
  });

  it('sends modeled errors the SDK turns into its exception classes, with their members', async () => {
    const { ssoAdmin, identityStore } = ic.clients;
    const missingPs = await ssoAdmin
      .send(
        new ListAccountAssignmentsCommand({
          InstanceArn: ic.sim.instanceArn,
          AccountId: PRODUCTION,
          PermissionSetArn: `${ic.sim.permissionSetArn('ReadOnlyAccess')!.slice(0, -16)}0000000000000000`,
        }),
      )
      .catch((e: unknown) => e);
    expect(missingPs).toBeInstanceOf(ResourceNotFoundException);
    expect(missingPs).toMatchObject({ $metadata: { httpStatusCode: 404 } });

    const missingUser = await identityStore
      .send(
        new GetUserIdCommand({
          IdentityStoreId: ic.sim.identityStoreId,
          AlternateIdentifier: { UniqueAttribute: { AttributePath: 'userName', AttributeValue: 'frank' } },
        }),
      )
      .catch((e: unknown) => e);
    expect(missingUser).toBeInstanceOf(StoreNotFound);
    expect(missingUser).toMatchObject({ ResourceType: 'USER', $metadata: { httpStatusCode: 404 } });

    const duplicate = await identityStore
      .send(
        new CreateGroupMembershipCommand({
          IdentityStoreId: ic.sim.identityStoreId,
          GroupId: ic.sim.groupId('BillingReaders'),
          MemberId: { UserId: ic.sim.userId('dave')! },
        }),
      )
      .catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(StoreConflict);
    expect(duplicate).toMatchObject({
      Reason: 'UNIQUENESS_CONSTRAINT_VIOLATION',
      $metadata: { httpStatusCode: 409 },
    });
  });

  it('answers injected faults the way AWS fails: 500 and throttling, retried by the SDK before it gives up', async () => {
    const { ssoAdmin } = simClients(ic.url, { maxAttempts: 2 });
    ic.sim.injectFault({ operation: 'ListInstances', error: 'InternalServerException', times: 2 });
    const internal = await ssoAdmin.send(new ListInstancesCommand({})).catch((e: unknown) => e);
    expect(internal).toBeInstanceOf(InternalServerException);
    expect(internal).toMatchObject({ $metadata: { httpStatusCode: 500, attempts: 2 } });

    ic.sim.injectFault({ operation: 'ListInstances', error: 'ThrottlingException', times: 2 });
    const throttled = await ssoAdmin.send(new ListInstancesCommand({})).catch((e: unknown) => e);
    expect(throttled).toBeInstanceOf(ThrottlingException);
    expect(throttled).toMatchObject({ $metadata: { httpStatusCode: 400, attempts: 2 } });
  });

  it('throttles past the configured rate', async () => {
    await ic.close();
    ic = await startIdentityCenter({ sim: { quotas: { ssoAdminPerSec: 2 } } });
    const { ssoAdmin } = simClients(ic.url, { maxAttempts: 1 });
    const answers = await Promise.all(
      [1, 2, 3].map(() => ssoAdmin.send(new ListInstancesCommand({})).catch((e: unknown) => e)),
    );
    expect(answers.filter((a) => a instanceof ThrottlingException)).toHaveLength(1);
  });

  it('delays a call by the injected time', async () => {
    ic.sim.injectFault({ operation: 'ListInstances', delayMs: 150 });
    const started = Date.now();
    await ic.clients.ssoAdmin.send(new ListInstancesCommand({}));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('pages with MaxResults and a NextToken that only its own listing accepts', async () => {
    const { ssoAdmin } = ic.clients;
    const first = await ssoAdmin.send(
      new ListPermissionSetsCommand({ InstanceArn: ic.sim.instanceArn, MaxResults: 1 }),
    );
    expect(first.PermissionSets).toHaveLength(1);
    const second = await ssoAdmin.send(
      new ListPermissionSetsCommand({
        InstanceArn: ic.sim.instanceArn,
        MaxResults: 1,
        NextToken: first.NextToken,
      }),
    );
    expect(second.PermissionSets).toHaveLength(1);
    expect(second.NextToken).toBeUndefined();
    expect(second.PermissionSets).not.toEqual(first.PermissionSets);

    const misused = await ssoAdmin
      .send(
        new ListAccountAssignmentsCommand({
          InstanceArn: ic.sim.instanceArn,
          AccountId: PRODUCTION,
          PermissionSetArn: ic.sim.permissionSetArn('ReadOnlyAccess'),
          NextToken: first.NextToken,
        }),
      )
      .catch((e: unknown) => e);
    expect(misused).toBeInstanceOf(ValidationException);
  });
});

describe('the query protocol of STS', () => {
  it('answers errors in the XML the SDK parses, with STS’s own codes', async () => {
    const sts = simClients(ic.url, { maxAttempts: 1 }).sts;
    ic.sim.injectFault({ operation: 'GetCallerIdentity', error: 'AccessDeniedException' });
    const error = await sts.send(new GetCallerIdentityCommand({})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(STSServiceException);
    expect(error).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
  });
});

describe('the control endpoint', () => {
  it('plants faults, shows the state and resets, for a test in another process', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${ic.url}${path}`, { method: 'POST', body: JSON.stringify(body) });
    expect(
      (await post('/_sim/faults', { operation: 'ListInstances', error: 'InternalServerException' })).status,
    ).toBe(200);
    expect((await post('/_sim/faults/provisioning', { reason: 'Nope.', times: 2 })).status).toBe(200);
    expect((await post('/_sim/faults', { operation: 'ListInstances', error: 'NotAnError' })).status).toBe(
      400,
    );

    const state = (await (await fetch(`${ic.url}/_sim/state`)).json()) as ReturnType<typeof ic.sim.snapshot>;
    expect(state.faults.calls).toMatchObject([
      { operation: 'ListInstances', error: 'InternalServerException' },
    ]);
    expect(state.faults.provisionings).toMatchObject([{ reason: 'Nope.', times: 2 }]);
    expect(state.assignments).toMatchObject([
      { principal: 'carol', permissionSet: 'ReadOnlyAccess', accountName: 'production' },
    ]);
    expect(state.groups).toMatchObject([{ displayName: 'BillingReaders', members: [{ userName: 'dave' }] }]);

    const failed = await simClients(ic.url, { maxAttempts: 1 })
      .ssoAdmin.send(new ListInstancesCommand({}))
      .catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(InternalServerException);

    expect((await post('/_sim/reset', {})).status).toBe(200);
    const calls = (await (await fetch(`${ic.url}/_sim/calls`)).json()) as unknown[];
    expect(calls).toEqual([]);
    expect(ic.sim.snapshot().faults).toEqual({ calls: [], provisionings: [] });
  });
});
