// The Identity Center simulator: sso-admin, identitystore and STS over their real wire protocols.

export { AwsError, type AwsErrorType } from './aws-error.js';
export type { CallFault, ProvisioningFault } from './faults.js';
export { type IdentityCenterSeed, loadSeedFromOrgFile, type ParsedSeed, parseSeed } from './org.js';
export { AWS_QUOTAS, type QuotaOptions } from './quotas.js';
export { type RunningSim, type StartOptions, startIdentityCenterSim } from './server.js';
export { type CallRecord, IdentityCenterSim, type SimOptions, type SnapshotAssignment } from './simulator.js';
