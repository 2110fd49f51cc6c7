// The PagerDuty half of `latchkey doctor`, for configs with on-call auto-approval: does PagerDuty accept
// the token, and does every configured schedule exist. `GET /users/me` works only for user tokens, so the
// token is tried on `GET /abilities`, which any REST API key may read.

import type { CheckResult } from '../aws/doctor.js';
import type { Entitlement } from '../core/entitlement.js';
import { PagerDutyClient, PagerDutyError } from './client.js';

/** Doctor is not in a hurry: a slow PagerDuty is not a broken one. */
const DOCTOR_BUDGET_MS = 10_000;

export interface PagerDutyCheckDeps {
  entitlements: readonly Entitlement[];
  token: string | undefined;
  apiUrl: string | undefined;
}

export async function runPagerDutyChecks(deps: PagerDutyCheckDeps): Promise<CheckResult[]> {
  const usedBy = new Map<string, string[]>();
  for (const e of deps.entitlements) {
    for (const schedule of e.autoApprove?.pagerduty.schedules ?? []) {
      usedBy.set(schedule, [...(usedBy.get(schedule) ?? []), e.id]);
    }
  }
  if (usedBy.size === 0) return [];
  const name = 'PagerDuty token';
  if (!deps.token) {
    return [
      {
        name,
        ok: false,
        detail: `PAGERDUTY_TOKEN is not set, but ${[...new Set([...usedBy.values()].flat())].join(', ')} approve whoever is on call: without it every such request waits for approval.`,
      },
    ];
  }
  const client = new PagerDutyClient({ token: deps.token, apiUrl: deps.apiUrl });
  const results: CheckResult[] = [];
  try {
    await client.get('/abilities', [], Date.now() + DOCTOR_BUDGET_MS);
    results.push({ name, ok: true, detail: `PagerDuty (${deps.apiUrl ?? 'api.pagerduty.com'}) accepts it.` });
  } catch (error) {
    const refused = error instanceof PagerDutyError && (error.status === 401 || error.status === 403);
    return [
      {
        name,
        ok: false,
        detail: refused
          ? `PagerDuty refused PAGERDUTY_TOKEN: ${describe(error)}. Use a REST API key (read-only is enough).`
          : `PagerDuty could not be asked: ${describe(error)}.`,
      },
    ];
  }
  for (const [schedule, entitlements] of usedBy) {
    const check = `PagerDuty schedule ${schedule}`;
    try {
      const body = (await client.get(
        `/schedules/${encodeURIComponent(schedule)}`,
        [],
        Date.now() + DOCTOR_BUDGET_MS,
      )) as {
        schedule?: { name?: unknown };
      };
      const scheduleName = typeof body.schedule?.name === 'string' ? body.schedule.name : schedule;
      results.push({ name: check, ok: true, detail: `${scheduleName}, used by ${entitlements.join(', ')}.` });
    } catch (error) {
      const missing = error instanceof PagerDutyError && error.status === 404;
      results.push({
        name: check,
        ok: false,
        detail: missing
          ? `PagerDuty has no schedule ${schedule} (used by ${entitlements.join(', ')}).`
          : `PagerDuty could not be asked: ${describe(error)}.`,
      });
    }
  }
  return results;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
