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
    throw new NoIdentityCenterUser(
      slackUserId,
      'Slack has no email address for you, so Latchkey cannot find your AWS user. Ask an admin to check your profile.',
    );
  }
  const user = await identityCenter.findUser(email);
  if (!user) {
    throw new NoIdentityCenterUser(
      slackUserId,
      `There is no IAM Identity Center user for ${email}, so there is nothing to grant access to. Ask your AWS administrators to create one.`,
    );
  }
  if (!user.active) {
    throw new NoIdentityCenterUser(slackUserId, `The IAM Identity Center user for ${email} is disabled.`);
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
