// Builds the SDK clients Latchkey talks to Identity Center with. With a role to assume, credentials come
// from STS AssumeRole and are renewed before they expire; endpoints come from the SDK's own
// AWS_ENDPOINT_URL_* handling unless one is given (the simulator in tests).

import { hostname } from 'node:os';
import { IdentitystoreClient } from '@aws-sdk/client-identitystore';
import { SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { Clock } from '../core/ports.js';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}
export type CredentialsProvider = () => Promise<AwsCredentials>;

export interface AwsClientOptions {
  region: string;
  /** The role Latchkey acts as; its session is named `latchkey-<host>`. */
  roleArn?: string;
  /** The credentials to start from (and to assume the role with); the SDK's default chain otherwise. */
  credentials?: AwsCredentials | CredentialsProvider;
  /** One endpoint for all three services, for tests; otherwise the SDK decides. */
  endpoint?: string;
  sessionName?: string;
  maxAttempts?: number;
  clock?: Clock;
}

export interface AwsClients {
  ssoAdmin: SSOAdminClient;
  identityStore: IdentitystoreClient;
  /** Signs as Latchkey runs: with the assumed role when there is one. */
  sts: STSClient;
}

export function createAwsClients(options: AwsClientOptions): AwsClients {
  const base = {
    region: options.region,
    maxAttempts: options.maxAttempts ?? 5,
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
  };
  const baseCredentials = options.credentials !== undefined ? { credentials: options.credentials } : {};
  let credentials = baseCredentials;
  if (options.roleArn !== undefined) {
    credentials = {
      credentials: assumeRoleCredentials({
        sts: new STSClient({ ...base, ...baseCredentials }),
        roleArn: options.roleArn,
        sessionName: options.sessionName ?? defaultSessionName(),
        clock: options.clock,
      }),
    };
  }
  return {
    ssoAdmin: new SSOAdminClient({ ...base, ...credentials }),
    identityStore: new IdentitystoreClient({ ...base, ...credentials }),
    sts: new STSClient({ ...base, ...credentials }),
  };
}

export interface AssumeRoleOptions {
  sts: STSClient;
  roleArn: string;
  sessionName: string;
  durationSec?: number;
  /** Renew this long before the credentials expire. */
  refreshBeforeMs?: number;
  clock?: Clock | undefined;
}

/** Credentials of an assumed role, kept until shortly before they expire; one renewal at a time. */
export function assumeRoleCredentials(options: AssumeRoleOptions): CredentialsProvider {
  const clock = options.clock ?? { now: () => Date.now() };
  const refreshBeforeMs = options.refreshBeforeMs ?? 5 * 60_000;
  let current: AwsCredentials | undefined;
  let renewing: Promise<AwsCredentials> | undefined;

  const renew = async (): Promise<AwsCredentials> => {
    const answer = await options.sts.send(
      new AssumeRoleCommand({
        RoleArn: options.roleArn,
        RoleSessionName: options.sessionName,
        DurationSeconds: options.durationSec ?? 3600,
      }),
    );
    const c = answer.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey)
      throw new Error(`AssumeRole of ${options.roleArn} returned no credentials`);
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      ...(c.SessionToken !== undefined ? { sessionToken: c.SessionToken } : {}),
      ...(c.Expiration !== undefined ? { expiration: c.Expiration } : {}),
    };
  };

  return async () => {
    const fresh =
      current !== undefined &&
      (current.expiration === undefined || current.expiration.getTime() - refreshBeforeMs > clock.now());
    if (fresh && current) return current;
    renewing ??= renew().finally(() => {
      renewing = undefined;
    });
    current = await renewing;
    return current;
  };
}

/** `latchkey-<host>`, trimmed to what a role session name allows. */
export function defaultSessionName(host: string = hostname()): string {
  return `latchkey-${host}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
}
