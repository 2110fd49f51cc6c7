// The dispatcher of `latchkey serve`: slow work runs in this process right after Slack's request is
// acknowledged. Whatever a crash interrupts is finished by the sweeper from the store.

import type { Dispatcher } from '../core/ports.js';
import type { ServiceDeps } from './deps.js';
import { provision } from './provisioner.js';
import { revoke } from './revoker.js';

export class InProcessDispatcher implements Dispatcher {
  private readonly inFlight = new Set<Promise<void>>();
  private deps: ServiceDeps | undefined;
  private afterWork: ((grantId: string) => void) | undefined;

  /** The service and the dispatcher need each other; the service is bound once both exist. */
  bind(deps: ServiceDeps, afterWork?: (grantId: string) => void): void {
    this.deps = deps;
    this.afterWork = afterWork;
  }

  async dispatch(job: { kind: 'provision' | 'revoke'; grantId: string }): Promise<void> {
    const deps = this.deps;
    if (!deps) throw new Error('the dispatcher is not bound to a service');
    const work = (job.kind === 'provision' ? provision(deps, job.grantId) : revoke(deps, job.grantId))
      .then(() => this.afterWork?.(job.grantId))
      .catch((error: unknown) => deps.log.error({ grantId: job.grantId, err: error }, `${job.kind} failed`))
      .finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  /** True while some work is running. */
  get busy(): boolean {
    return this.inFlight.size > 0;
  }

  /** Resolves when all work started so far is done (tests, and a graceful shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }
}
