// The simulated Slack workspace: what tests and sandbox mode import.

export type { ApiContext } from './api-args.js';
export { blockKitProblems } from './block-kit.js';
export { SlackApiError } from './errors.js';
export type { RateLimitRule, RateLimits } from './rate-limits.js';
export {
  loadSlackSeed,
  parseSlackSeed,
  type SlackSeed,
  type SlackSeedInput,
  slackSeedSchema,
} from './seed.js';
export type { Interaction, Sender } from './sender.js';
export { type SlackSim, type SlackSimOptions, startSlackSim } from './server.js';
export { slackSignature } from './signing.js';
export type { Delivery, DeliveryOptions } from './transport.js';
export type * from './types.js';
export type { EnteredValue, EnteredValues } from './view-state.js';
export type { SubmissionOutcome } from './view-submission.js';
export type { SandboxUiOptions } from './web/ui-routes.js';
export type { ApiCall } from './web-api.js';
export type { Workspace } from './workspace.js';
