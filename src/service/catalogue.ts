// The entitlements of the config, looked up by id, and what a person may ask for.

import type { Entitlement } from '../core/entitlement.js';
import { UnknownEntitlement } from '../core/errors.js';
import { DEFAULT_LIMITS, type RequestLimits } from '../core/request-input.js';

export class Catalogue {
  private readonly byId: Map<string, Entitlement>;

  constructor(
    readonly entitlements: readonly Entitlement[],
    /** The guardrails that span entitlements: how many open grants one person may have, how far ahead a start may be. */
    readonly limits: RequestLimits = DEFAULT_LIMITS,
  ) {
    this.byId = new Map(entitlements.map((e) => [e.id, e]));
  }

  /** The entitlement, or `UnknownEntitlement` listing what the person could have meant. */
  get(id: string, requestable: readonly Entitlement[] = this.entitlements): Entitlement {
    const found = this.byId.get(id.trim().toLowerCase());
    if (!found)
      throw new UnknownEntitlement(
        id,
        requestable.map((e) => e.id),
      );
    return found;
  }

  find(id: string): Entitlement | undefined {
    return this.byId.get(id);
  }
}
