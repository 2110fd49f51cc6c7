// Posting a request's message and remembering where it is, so reactions and buttons on it find the grant.
// A request whose message could not be posted stays on record and is posted again by the sweeper.

import type { Grant } from '../core/grant.js';
import type { MessageLink } from '../core/ports.js';
import type { ServiceDeps } from './deps.js';
import { mutate } from './mutate.js';

export async function announce(
  deps: ServiceDeps,
  grant: Grant,
  purpose: MessageLink['purpose'],
): Promise<Grant> {
  let where: { channel: string; ts: string };
  try {
    where = await deps.notifier.postRequest(grant, purpose);
  } catch (error) {
    deps.log.error({ grantId: grant.id, err: error }, 'could not post the request message; will try again');
    return grant;
  }
  await deps.store.linkMessage(where.channel, where.ts, { grantId: grant.id, purpose });
  const { grant: saved } = await mutate(deps.store, grant.id, (current) =>
    purpose === 'request'
      ? { ...current, channel: where.channel, messageTs: where.ts }
      : {
          ...current,
          extension: current.extension && {
            ...current.extension,
            channel: where.channel,
            messageTs: where.ts,
          },
        },
  );
  return saved;
}
