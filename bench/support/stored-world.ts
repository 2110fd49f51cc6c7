// Prepares the embedded store of a `latchkey serve` before it starts: the store is opened here on the data
// directory the child will use, active grants are written with the core's transitions, and it is closed
// again (the embedded store admits one process at a time).

import type { Grant } from '../../src/core/grant.js';
import type { ResolvedTarget } from '../../src/core/ports.js';
import { openStore } from '../../src/store/open.js';
import { progress, progressDone } from './progress.js';
import { type ActiveGrantSpec, writeActiveGrants } from './seed-grants.js';
import { benchConfig, entitlementOf } from './world.js';

export async function seedStore(
  dataDir: string,
  target: ResolvedTarget,
  specs: readonly ActiveGrantSpec[],
): Promise<Grant[]> {
  const config = await benchConfig();
  const opened = await openStore({ dataDir });
  try {
    const grants = await writeActiveGrants(
      opened.store,
      entitlementOf(config, 'bench-auto'),
      target,
      specs,
      (done) => progress('seeding active grants', done, specs.length),
    );
    progressDone();
    return grants;
  } finally {
    await opened.close();
  }
}

/** Reads the grants back once the child has stopped. */
export async function readGrants(dataDir: string, ids: readonly string[]): Promise<Grant[]> {
  const opened = await openStore({ dataDir });
  try {
    const found = await Promise.all(ids.map((id) => opened.store.get(id)));
    return found.filter((g): g is Grant => g !== undefined);
  } finally {
    await opened.close();
  }
}
