// The request quotas Identity Center enforces, off unless configured: a collective request rate for
// sso-admin, a cap on account-assignment operations in progress, and a rate per identitystore API.

import type { Clock } from '../../core/ports.js';
import { TokenBucket } from '../../core/token-bucket.js';
import { rateExceeded, tooManyInFlight } from './aws-error.js';

export interface QuotaOptions {
  /** Requests per second across every sso-admin operation (AWS: 20). */
  ssoAdminPerSec?: number;
  /** Account-assignment creations and deletions in progress at once (AWS: 15). */
  assignmentsInFlight?: number;
  /** Requests per second to each identitystore operation (AWS: 20). */
  identityStorePerSecPerApi?: number;
}

/** The quotas AWS documents for Identity Center. */
export const AWS_QUOTAS: Required<QuotaOptions> = {
  ssoAdminPerSec: 20,
  assignmentsInFlight: 15,
  identityStorePerSecPerApi: 20,
};

export class Quotas {
  private ssoAdmin: TokenBucket | undefined;
  private readonly identityStore = new Map<string, TokenBucket>();

  constructor(
    private readonly options: QuotaOptions,
    private readonly clock: Clock,
  ) {
    this.ssoAdmin = bucket(options.ssoAdminPerSec, clock);
  }

  /** Throws ThrottlingException when the call is over its rate. */
  admit(service: 'sso-admin' | 'identitystore' | 'sts', operation: string): void {
    if (service === 'sso-admin') {
      if (this.ssoAdmin && !this.ssoAdmin.tryTake()) throw rateExceeded();
      return;
    }
    if (service === 'identitystore' && this.options.identityStorePerSecPerApi !== undefined) {
      let perApi = this.identityStore.get(operation);
      if (!perApi) {
        perApi = new TokenBucket(
          this.options.identityStorePerSecPerApi,
          this.options.identityStorePerSecPerApi,
          this.clock,
        );
        this.identityStore.set(operation, perApi);
      }
      if (!perApi.tryTake()) throw rateExceeded();
    }
  }

  /** Throws ThrottlingException when another account-assignment operation would pass the cap. */
  admitAssignmentOperation(inProgress: number): void {
    const cap = this.options.assignmentsInFlight;
    if (cap !== undefined && inProgress >= cap) throw tooManyInFlight();
  }

  reset(): void {
    this.ssoAdmin = bucket(this.options.ssoAdminPerSec, this.clock);
    this.identityStore.clear();
  }
}

function bucket(perSec: number | undefined, clock: Clock): TokenBucket | undefined {
  return perSec === undefined ? undefined : new TokenBucket(perSec, perSec, clock);
}
