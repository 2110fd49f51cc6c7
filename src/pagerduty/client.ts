// A small client for PagerDuty's REST API v2: the token header, the versioned Accept header, offset paging,
// and one deadline that covers a whole question, a wait PagerDuty asks for with 429 included. Every way
// of not getting an answer (slow, 5xx, 429 past the deadline, refused token, unreachable, unreadable) is a
// `PagerDutyError` saying which, so the caller can tell a person.

import { LatchkeyError } from '../core/errors.js';
import { after, type Clock, sleepOn, systemClock } from '../core/ports.js';

export const DEFAULT_PAGERDUTY_API_URL = 'https://api.pagerduty.com';
export const PAGERDUTY_ACCEPT = 'application/vnd.pagerduty+json;version=2';
/** PagerDuty's largest page under classic (offset) pagination. */
const PAGE_LIMIT = 100;

export interface PagerDutyClientOptions {
  token: string;
  /** The API base (default https://api.pagerduty.com): the EU service region, a proxy, the simulator. */
  apiUrl?: string | undefined;
  fetch?: typeof fetch;
  /** The time the deadline, the wait for an answer and a 429's wait are measured on (the system's by default). */
  clock?: Clock;
}

/** PagerDuty gave no usable answer; the on-call source turns it into `OnCallUnavailable`. */
export class PagerDutyError extends LatchkeyError {
  readonly code = 'pagerduty_unavailable';
  constructor(
    message: string,
    /** The HTTP status PagerDuty answered with, when it answered. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export type Query = [name: string, value: string][];

export class PagerDutyClient {
  private readonly base: string;
  private readonly fetch: typeof fetch;
  private readonly clock: Clock;

  constructor(private readonly options: PagerDutyClientOptions) {
    const base = options.apiUrl ?? DEFAULT_PAGERDUTY_API_URL;
    this.base = base.endsWith('/') ? base : `${base}/`;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.clock = options.clock ?? systemClock;
  }

  /** One GET, answered before `deadline` (epoch ms) or a `PagerDutyError`. */
  async get(path: string, query: Query, deadline: number): Promise<unknown> {
    const url = new URL(path.replace(/^\//, ''), this.base);
    for (const [name, value] of query) url.searchParams.append(name, value);
    for (;;) {
      const remaining = deadline - this.clock.now();
      if (remaining <= 0) throw new PagerDutyError('no answer in time');
      let response: Response;
      let text: string;
      // The request, body included, is given up at the deadline, as AbortSignal.timeout would, but by the clock.
      const giveUp = new AbortController();
      const timeout = after(this.clock, remaining, () =>
        giveUp.abort(new DOMException('no answer in time', 'TimeoutError')),
      );
      try {
        response = await this.fetch(url, {
          headers: {
            Authorization: `Token token=${this.options.token}`,
            Accept: PAGERDUTY_ACCEPT,
          },
          signal: giveUp.signal,
        });
        text = await response.text();
      } catch (error) {
        const name = (error as { name?: string }).name;
        if (name === 'TimeoutError' || name === 'AbortError') {
          throw new PagerDutyError('no answer in time', undefined, { cause: error });
        }
        throw new PagerDutyError(`unreachable (${networkReason(error)})`, undefined, { cause: error });
      } finally {
        timeout.cancel();
      }
      if (response.status === 429) {
        const waitMs = retryAfterMs(response.headers, this.clock.now());
        // Wait as asked only if the answer can still come in time; otherwise there is no answer.
        if (waitMs !== undefined && this.clock.now() + waitMs < deadline) {
          await sleepOn(this.clock, waitMs);
          continue;
        }
        throw new PagerDutyError(
          `rate limited (429${waitMs === undefined ? '' : `, asked to wait ${Math.ceil(waitMs / 1000)} s`})`,
          429,
        );
      }
      if (!response.ok) {
        const said = errorMessage(text);
        throw new PagerDutyError(
          `answered ${response.status}${said ? ` (${said})` : ''}${response.status === 401 ? ': the token was refused' : ''}`,
          response.status,
        );
      }
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        throw new PagerDutyError('answered with something that is not JSON', response.status, {
          cause: error,
        });
      }
    }
  }

  /** Every item of a paginated list (`offset`, `limit`, `more`), fetched page by page before `deadline`. */
  async list(path: string, query: Query, key: string, deadline: number): Promise<unknown[]> {
    const items: unknown[] = [];
    for (let offset = 0; ; ) {
      const page = await this.get(
        path,
        [...query, ['limit', String(PAGE_LIMIT)], ['offset', String(offset)]],
        deadline,
      );
      const batch = (page as Record<string, unknown> | null)?.[key];
      if (!Array.isArray(batch)) throw new PagerDutyError(`answered without a list of ${key}`);
      items.push(...batch);
      if ((page as { more?: unknown }).more !== true) return items;
      // A page that says "more" but brings nothing would page forever.
      if (batch.length === 0) throw new PagerDutyError(`said there were more ${key} but sent none`);
      offset += batch.length;
    }
  }
}

/** `Retry-After` (seconds or an HTTP date), else PagerDuty's own `ratelimit-reset` (seconds). */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  const reset = headers.get('ratelimit-reset')?.trim();
  if (reset && /^\d+$/.test(reset)) return Number(reset) * 1000;
  return undefined;
}

/** PagerDuty's error body: `{"error": {"message": "…", "code": 2006, "errors": [...]}}`. */
function errorMessage(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown; code?: unknown } };
    const message = body.error?.message;
    if (typeof message !== 'string') return undefined;
    return typeof body.error?.code === 'number' ? `${message}, code ${body.error.code}` : message;
  } catch {
    // Not PagerDuty's JSON error (a proxy's page): the caller reports the HTTP status instead.
    return undefined;
  }
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}
