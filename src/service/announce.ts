// Posting an extension's request message and remembering where it is, so reactions and buttons on it find
// the grant. (A new request's message is posted before its grant is stored: see requests.ts.)

import type { Grant } from '../core/grant.js';
import type { ServiceDeps } from './deps.js';
import { mutate } from './mutate.js';

export async function announceExtension(deps: ServiceDeps, grant: Grant): Promise<Grant> {
  let where: { channel: string; ts: string };
  try {
    where = await deps.notifier.postRequest(grant, 'extension');
  } catch (error) {
    // The extension stays on record and its news goes to the grant's thread; it only lacks its own message.
    deps.log.error({ grantId: grant.id, err: error }, 'could not post the extension request message');
    return grant;
  }
  await deps.store.linkMessage(where.channel, where.ts, { grantId: grant.id, purpose: 'extension' });
  const { grant: saved } = await mutate(deps.store, grant.id, (current) => ({
    ...current,
    extension: current.extension && { ...current.extension, channel: where.channel, messageTs: where.ts },
  }));
  await deps.notifier.notify(saved, { kind: 'posted', purpose: 'extension' });
  return saved;
}
