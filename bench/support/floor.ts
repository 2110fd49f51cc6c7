// The floor AWS itself sets for N account-assignment changes: no implementation can finish them sooner.
// Each change is at least one sso-admin request (at most `perSec` a second), and at most `inFlight` run at
// once, each for the provisioning time, so N changes need max(N ÷ perSec, N × provisioning ÷ inFlight).
// It is a property of the quotas, not of how many requests Latchkey happens to make.

export interface Quotas {
  ssoAdminPerSec: number;
  assignmentsInFlight: number;
}

export function assignmentFloorMs(changes: number, quotas: Quotas, provisioningMs: number): number {
  return Math.max(
    (changes / quotas.ssoAdminPerSec) * 1000,
    (changes * provisioningMs) / quotas.assignmentsInFlight,
  );
}

/** `max(500 ÷ 20/s, 500 × 1 s ÷ 15) = 33.3 s`, for the table. */
export function describeFloor(changes: number, quotas: Quotas, provisioningMs: number): string {
  const floor = assignmentFloorMs(changes, quotas, provisioningMs) / 1000;
  return `floor ${floor.toFixed(1)} s = max(${changes} ÷ ${quotas.ssoAdminPerSec}/s, ${changes} × ${provisioningMs / 1000} s ÷ ${quotas.assignmentsInFlight})`;
}

/** The target every quota-bound figure shares. */
export const FLOOR_FACTOR = 1.15;
