// How many grants are prepared at once. Before a grant's Identity Center change there is store and directory
// work: the grant claimed, the person's user looked up, the targets recorded. Started for a whole burst of
// approvals at once, that work interleaves, and the first grant reaches Identity Center only after every
// grant's first steps: seconds during which AWS's places for changes stand empty. Admitted a few at a time,
// in order, the first grants reach Identity Center within moments; the rest follow as fast as the directory
// answers (its quota, not this number, bounds the pace), and the grants waiting on Identity Center's own
// quotas are not counted here.

import pLimit from 'p-limit';

/** Runs one grant's preparation when its turn comes. */
export type Admission = <T>(work: () => Promise<T>) => Promise<T>;

/**
 * Grants prepared at once. A preparation takes a few store round trips and two directory requests; the
 * directory's 18 requests a second per API let about as many grants a second through, so a couple of dozen
 * keep it busy while leaving the first of a burst at the front.
 */
export const PREPARED_AT_ONCE = 24;

export function admission(atOnce: number = PREPARED_AT_ONCE): Admission {
  const limit = pLimit(atOnce);
  return (work) => limit(work);
}
