// Builds the SDK clients Latchkey talks to Identity Center with. With a role to assume, credentials come
// from the SDK's own STS AssumeRole provider (`fromTemporaryCredentials`), in a session named
// `latchkey-<host>`; the SDK renews them before they expire. Endpoints come from the SDK's own
// AWS_ENDPOINT_URL_* handling unless one is given (the simulator in tests).

import { hostname } from 'node:os';
import { IdentitystoreClient } from '@aws-sdk/client-identitystore';
import { SSOAdminClient, type SSOAdminClientConfig } from '@aws-sdk/client-sso-admin';
import { STSClient } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';

/** Keys, or a function that resolves them: what every SDK client accepts. */
export type AwsCredentials = NonNullable<SSOAdminClientConfig['credentials']>;

export interface AwsClientOptions {
  region: string;
  /** The role Latchkey acts as; its session is named `latchkey-<host>`. */
  roleArn?: string;
  /** The credentials to start from (and to assume the role with); the SDK's default chain otherwise. */
  credentials?: AwsCredentials;
  /** One endpoint for all three services, for tests; otherwise the SDK decides. */
  endpoint?: string;
  sessionName?: string;
  /** How long each assumed-role session lasts (STS allows 900 s up to the role's maximum). */
  sessionDurationSec?: number;
  maxAttempts?: number;
  /** Builds each client's retry strategy; by default each has the SDK's standard one with `maxAttempts`. */
  retryStrategy?: () => RetryStrategy;
}

export type RetryStrategy = NonNullable<SSOAdminClientConfig['retryStrategy']>;

export interface AwsClients {
  ssoAdmin: SSOAdminClient;
  identityStore: IdentitystoreClient;
  /** Signs as Latchkey runs: with the assumed role when there is one. */
  sts: STSClient;
}

export function createAwsClients(options: AwsClientOptions): AwsClients {
  // A strategy keeps state (its retry quota): each client gets its own, as the SDK's default gives it.
  const config = () => ({
    region: options.region,
    maxAttempts: options.maxAttempts ?? 5,
    ...(options.retryStrategy !== undefined && { retryStrategy: options.retryStrategy() }),
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
  });
  const credentials =
    options.roleArn === undefined
      ? options.credentials
      : fromTemporaryCredentials({
          params: {
            RoleArn: options.roleArn,
            RoleSessionName: options.sessionName ?? defaultSessionName(),
            DurationSeconds: options.sessionDurationSec ?? 3600,
          },
          ...(options.credentials !== undefined && { masterCredentials: options.credentials }),
          clientConfig: config(),
        });
  const ssoAdmin = new SSOAdminClient({ ...config(), ...(credentials !== undefined && { credentials }) });
  // Each client keeps its credentials until shortly before they expire, one renewal at a time. The other
  // two take them from the first, so the three share one role session rather than assuming it thrice.
  const shared = { credentials: ssoAdmin.config.credentials };
  return {
    ssoAdmin,
    identityStore: new IdentitystoreClient({ ...config(), ...shared }),
    sts: new STSClient({ ...config(), ...shared }),
  };
}

/** `latchkey-<host>`, trimmed to what a role session name allows. */
export function defaultSessionName(host: string = hostname()): string {
  return `latchkey-${host}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
}
