// The AWS Organizations simulator: the read-only calls that resolve an OU to its accounts, on the real wire.

export { ORGANIZATIONS_ERRORS, OrganizationsError, type OrganizationsErrorType } from './errors.js';
export {
  loadOrganizationFromOrgFile,
  type OrganizationSeed,
  type OrganizationWorld,
  organizationSeedSchema,
} from './seed.js';
export {
  type OrganizationsStartOptions,
  type RunningOrganizationsSim,
  startOrganizationsSim,
} from './server.js';
export { type OrganizationsCall, OrganizationsSim, type OrganizationsSimOptions } from './simulator.js';
