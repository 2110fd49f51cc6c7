// What the grant service needs from the outside, passed in whole: no module reaches for a singleton.

import type { Logger } from 'pino';
import type { ActivityDeps } from '../core/activity-ports.js';
import type {
  Clock,
  Directory,
  Dispatcher,
  GrantStore,
  IdentityCenter,
  Notifier,
  OnCallSource,
  Organizations,
} from '../core/ports.js';
import type { Admission } from './admission.js';
import type { Catalogue } from './catalogue.js';

export interface ServiceDeps {
  store: GrantStore;
  identityCenter: IdentityCenter;
  /** AWS Organizations, for entitlements on an OU and accounts named by name; absent where none is reachable. */
  organizations?: Organizations;
  directory: Directory;
  notifier: Notifier;
  dispatcher: Dispatcher;
  catalogue: Catalogue;
  /** PagerDuty, for entitlements approved for whoever is on call; absent without PAGERDUTY_TOKEN. */
  onCall?: OnCallSource;
  /** Grants are prepared for their Identity Center change a few at a time (see admission.ts). */
  admit: Admission;
  clock: Clock;
  log: Logger;
  /** Random bytes for grant ids. */
  random: (size: number) => Uint8Array;
  /**
   * Called between the steps of provisioning and revocation (`provision:held`, `revoke:aws-removed`…).
   * A no-op in production; the crash tests use it to kill the process at a chosen step.
   */
  checkpoint: (step: CheckpointName | ActivityCheckpoint) => void;
  /** The activity digest after a grant ends; absent when the config has no `activity`. */
  activity?: ActivityDeps | undefined;
}

export const CHECKPOINTS = [
  'provision:claimed',
  'provision:held',
  'provision:aws-granted',
  'revoke:claimed',
  'revoke:releasing',
  'revoke:aws-removed',
] as const;
export type CheckpointName = (typeof CHECKPOINTS)[number];
/** The activity digest's steps: made and recorded, then posted in Slack. */
export const ACTIVITY_CHECKPOINTS = ['activity:recorded', 'activity:posted'] as const;
export type ActivityCheckpoint = (typeof ACTIVITY_CHECKPOINTS)[number];

/**
 * How long a worker owns an in-flight grant before another may take it over. Its work must fit in it: the
 * Identity Center adapter stops waiting for a change after 60 s.
 */
export const LEASE_MS = 90_000;
