// Finding a Slack user's Identity Center user and what they already hold. Asked when a request is made and
// asked again when the grant is made, since both can change in between.

import { AlreadyHeld, NoIdentityCenterUser } from '../core/errors.js';
import { resolvedKey } from '../core/holding.js';
import type { Directory, GrantStore, IdentityCenter, ResolvedTarget } from '../core/ports.js';

export async function identityCenterUserOf(
  directory: Directory,
  identityCenter: IdentityCenter,
  slackUserId: string,
): Promise<string> {
  const email = await directory.email(slackUserId);
  if (!email) {
    throw new NoIdentityCenterUser(slackUserId, 'no-email');
  }
  const user = await identityCenter.findUser(email);
  if (!user) {
    throw new NoIdentityCenterUser(slackUserId, 'no-user', email);
  }
  if (!user.active) {
    throw new NoIdentityCenterUser(slackUserId, 'disabled', email);
  }
  return user.userId;
}

/** Refuses a request for access the person holds already: standing, or through an active grant. */
export async function assertNotHeld(
  store: GrantStore,
  identityCenter: IdentityCenter,
  principalId: string,
  target: ResolvedTarget,
): Promise<void> {
  const holding = await store.getHolding(principalId, resolvedKey(target));
  if (holding && holding.holders.length > 0) throw new AlreadyHeld('grant', holding.holders[0]);
  if (holding?.preExisting || (!holding && (await identityCenter.holds(principalId, target)))) {
    throw new AlreadyHeld('standing');
  }
}
