// How grants and holdings become DynamoDB items: the body as JSON, plus the key and index attributes the
// sweeper and the listings query by. Index attributes are sparse: an item is in an index only while it
// has something to be found for.

import { dueOf } from '../core/due.js';
import { FINAL_STATES, type Grant } from '../core/grant.js';
import type { Holding } from '../core/ports.js';
import { DUE, keys, TTL_ATTRIBUTE, timeKey } from './table.js';

/**
 * A grant as an item. Finished grants carry their audit trail: they are removed by the table's TTL only when
 * the owner chose a retention (`retainMs`, from `audit.retain`), that long after they ended; kept otherwise.
 */
export function grantItem(grant: Grant, retainMs?: number): Record<string, unknown> {
  const item: Record<string, unknown> = {
    ...keys.grant(grant.id),
    version: grant.version,
    state: grant.state,
    body: JSON.stringify(grant),
    histpk: 'GRANTS',
    histsk: `${timeKey(grant.events.at(-1)?.at ?? grant.requestedAt)}#${grant.id}`,
  };
  Object.assign(item, stateIndexKeys(grant));
  if (FINAL_STATES.has(grant.state) && grant.endedAt !== undefined && retainMs !== undefined) {
    item[TTL_ATTRIBUTE] = Math.floor((grant.endedAt + retainMs) / 1000);
  }
  const due = dueOf(grant);
  if (due) {
    item.duepk = DUE[due.kind];
    item.duesk = `${timeKey(due.at)}#${grant.id}`;
  }
  return item;
}

/** Where a grant sits in the byState index (see table.ts): by state while open, by person once ended. */
export function stateIndexKeys(grant: Grant): { gsi1pk: string; gsi1sk: string } {
  if (FINAL_STATES.has(grant.state)) {
    const endedAt = grant.endedAt ?? grant.events.at(-1)?.at ?? grant.requestedAt;
    return { gsi1pk: `ENDED#${grant.requester}`, gsi1sk: `${timeKey(endedAt)}#${grant.id}` };
  }
  const awaiting = grant.state === 'active' && grant.extension?.state === 'pending';
  return {
    gsi1pk: `STATE#${grant.state}`,
    gsi1sk: `${awaiting ? OPEN_SORT.extensionAwaited : OPEN_SORT.open}${grant.requester}#${timeKey(grant.requestedAt)}#${grant.id}`,
  };
}

/** How an open grant's gsi1sk starts. Written before these, a gsi1sk started with the time. */
export const OPEN_SORT = { open: 'P#', extensionAwaited: 'X#' } as const;

export function holdingItem(holding: Holding): Record<string, unknown> {
  return {
    ...keys.holding(holding.principalId, holding.targetKey),
    version: holding.version,
    body: JSON.stringify(holding),
    gsi1pk: 'HOLDINGS',
    gsi1sk: `${holding.principalId}#${holding.targetKey}`,
  };
}

/** The JSON body every item of ours carries. */
export function bodyOf<T>(item: Record<string, unknown>): T {
  return JSON.parse(item.body as string) as T;
}
