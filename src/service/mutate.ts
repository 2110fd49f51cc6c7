// Read, decide, write conditionally, and on a lost race read again and decide again. This is how every
// state change is made: two approvers, two sweepers or a Slack retry can never cause a lost update.

import { GrantNotFound, VersionConflict } from '../core/errors.js';
import type { Grant } from '../core/grant.js';
import type { Transition } from '../core/lifecycle.js';
import type { GrantStore } from '../core/ports.js';

const ATTEMPTS = 8;

export interface Mutation {
  grant: Grant;
  event: Transition['event'];
  /** False when the decision changed nothing (a repeated approval), so nothing was written. */
  changed: boolean;
}

export async function mutate(
  store: GrantStore,
  grantId: string,
  decide: (grant: Grant) => Transition | Grant,
  /** The grant as the caller last wrote or read it: the first decision is made on it, saving a read. */
  known?: Grant,
): Promise<Mutation> {
  for (let attempt = 1; ; attempt++) {
    const current = attempt === 1 && known ? known : await store.get(grantId);
    if (!current) throw new GrantNotFound(grantId);
    const decided = decide(current);
    const { grant: next, event } = 'grant' in decided ? decided : { grant: decided, event: undefined };
    if (next === current) return { grant: current, event: undefined, changed: false };
    try {
      return { grant: await store.save(next, current.version), event, changed: true };
    } catch (error) {
      if (!(error instanceof VersionConflict) || attempt >= ATTEMPTS) throw error;
    }
  }
}

/**
 * Writes `next` only if the grant is still at the version read; `undefined` when someone else got there
 * first. Used to claim work: of many sweepers, exactly one wins each grant.
 */
export async function claim(store: GrantStore, current: Grant, next: Grant): Promise<Grant | undefined> {
  try {
    return await store.save(next, current.version);
  } catch (error) {
    if (error instanceof VersionConflict) return undefined;
    throw error;
  }
}
