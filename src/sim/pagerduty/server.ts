// The HTTP front of the simulated PagerDuty REST API v2: `GET /users` (query, offset paging),
// `GET /oncalls` (schedule and user filters, now by default), `GET /abilities` and `GET /schedules/{id}`
// for doctor. It checks what PagerDuty checks: the `Token token=…` header (401 in PagerDuty's error shape),
// the versioned Accept header, the paging parameters; planted faults answer 5xx, 429 with `Retry-After`,
// late, or never.

import { Hono } from 'hono';
import { listenFetch } from '../loopback-server.js';
import { PagerDutySim, type SimOnCall } from './simulator.js';

export const PAGERDUTY_SIM_ACCEPT = 'application/vnd.pagerduty+json;version=2';
/** PagerDuty's largest page under offset pagination; a larger `limit` is cut to it. */
const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 25;

export interface StartPagerDutyOptions {
  token: string;
  /** A parsed organisation file whose `pagerduty:` section seeds the account. */
  org?: unknown;
  host?: string;
  port?: number;
}

export interface RunningPagerDutySim {
  url: string;
  sim: PagerDutySim;
  close(): Promise<void>;
}

class Answer {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

const error = (status: number, message: string, code: number, errors?: string[]) =>
  new Answer(status, { error: { message, code, ...(errors && { errors }) } });

export async function startPagerDutySim(options: StartPagerDutyOptions): Promise<RunningPagerDutySim> {
  const sim = new PagerDutySim(options.token);
  if (options.org !== undefined) sim.seed(options.org);
  const routes = new Hono()
    .all('*', async (c) => {
      const answer = await handle(sim, c.req.raw);
      // A planted hang is an answer that never comes: the socket stays open until the client gives up.
      return answer ? send(answer) : new Promise<Response>(() => undefined);
    })
    .onError((e) => send(error(500, `simulator failure: ${String(e)}`, 2000)));
  return { ...(await listenFetch(routes.fetch, { port: options.port, host: options.host })), sim };
}

const send = ({ status, body, headers }: Answer) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });

/** The answer to one request; `undefined` for a planted hang (the socket stays open, unanswered). */
async function handle(sim: PagerDutySim, req: Request): Promise<Answer | undefined> {
  const url = new URL(req.url);
  const authorized = req.headers.get('authorization') === `Token token=${sim.token}`;
  sim.calls.push({ path: url.pathname, query: url.search, authorized, at: Date.now() });
  if (!authorized) return error(401, 'Authentication failed', 2006);
  if (req.headers.get('accept') !== PAGERDUTY_SIM_ACCEPT) {
    return error(400, 'Invalid Input Provided', 2001, [`Accept must be ${PAGERDUTY_SIM_ACCEPT}`]);
  }
  const fault = sim.takeFault(url.pathname);
  if (fault?.hang) return undefined;
  if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
  if (fault?.status === 429) {
    const seconds = String(fault.retryAfterSec ?? 1);
    return new Answer(
      429,
      { error: { message: 'Rate Limit Exceeded', code: 2020 } },
      {
        'retry-after': seconds,
        'ratelimit-reset': seconds,
      },
    );
  }
  if (fault?.status) return error(fault.status, 'Internal Server Error', 2000);
  if (req.method !== 'GET') return error(404, 'Not Found', 2100);

  const page = paging(url.searchParams);
  if (page instanceof Answer) return page;
  if (url.pathname === '/users') return users(sim, url.searchParams, page);
  if (url.pathname === '/oncalls') return oncalls(sim, url.searchParams, page);
  if (url.pathname === '/abilities') return new Answer(200, { abilities: ['teams', 'urgencies'] });
  if (url.pathname === '/users/me') {
    return error(400, 'Invalid Input Provided', 2001, ['This endpoint requires a user-level token']);
  }
  const schedule = /^\/schedules\/([^/]+)$/.exec(url.pathname)?.[1];
  if (schedule !== undefined) {
    const found = sim.schedules.find((s) => s.id === decodeURIComponent(schedule));
    if (!found) return error(404, 'Not Found', 2100);
    return new Answer(200, {
      schedule: { ...reference('schedule', found.id, found.name), name: found.name, time_zone: 'UTC' },
    });
  }
  return error(404, 'Not Found', 2100);
}

interface Page {
  limit: number;
  offset: number;
}

function paging(params: URLSearchParams): Page | Answer {
  const number = (name: string, fallback: number) => {
    const text = params.get(name);
    if (text === null) return fallback;
    return /^\d+$/.test(text) ? Number(text) : undefined;
  };
  const limit = number('limit', DEFAULT_LIMIT);
  const offset = number('offset', 0);
  if (limit === undefined || offset === undefined || limit === 0) {
    return error(400, 'Invalid Input Provided', 2001, ['limit and offset must be whole numbers']);
  }
  return { limit: Math.min(limit, MAX_LIMIT), offset };
}

function paged(key: string, items: unknown[], page: Page): Answer {
  const slice = items.slice(page.offset, page.offset + page.limit);
  return new Answer(200, {
    [key]: slice,
    limit: page.limit,
    offset: page.offset,
    more: page.offset + slice.length < items.length,
    total: null,
  });
}

function reference(type: string, id: string, summary: string) {
  return {
    id,
    type: `${type}_reference`,
    summary,
    self: `https://api.pagerduty.com/${type}s/${id}`,
    html_url: `https://latchkey-sandbox.pagerduty.com/${type}s/${id}`,
  };
}

function users(sim: PagerDutySim, params: URLSearchParams, page: Page): Answer {
  // Like PagerDuty's, the query matches any part of a name or an email address.
  const query = (params.get('query') ?? '').toLowerCase();
  const found = sim.users
    .filter((u) => u.name.toLowerCase().includes(query) || u.email.toLowerCase().includes(query))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((u) => ({ ...reference('user', u.id, u.name), type: 'user', name: u.name, email: u.email }));
  return paged('users', found, page);
}

function oncalls(sim: PagerDutySim, params: URLSearchParams, page: Page): Answer {
  const now = Date.now();
  const time = (name: string) => {
    const text = params.get(name);
    if (text === null) return now;
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? undefined : ms;
  };
  const since = time('since');
  const until = time('until');
  if (since === undefined || until === undefined || until < since) {
    return error(400, "Invalid 'since' or 'until' Parameter Values", 2004);
  }
  const schedules = params.getAll('schedule_ids[]');
  const users = params.getAll('user_ids[]');
  const overlaps = (o: SimOnCall) =>
    (o.start === null || o.start <= until) && (o.end === null || o.end > since);
  const found = sim.oncalls
    .filter(overlaps)
    .filter((o) => schedules.length === 0 || schedules.includes(o.scheduleId))
    .filter((o) => users.length === 0 || users.includes(o.userId))
    .map((o) => {
      const user = sim.users.find((u) => u.id === o.userId);
      const schedule = sim.schedules.find((s) => s.id === o.scheduleId);
      return {
        user: reference('user', o.userId, user?.name ?? o.userId),
        schedule: reference('schedule', o.scheduleId, schedule?.name ?? o.scheduleId),
        escalation_policy: reference('escalation_policy', 'PPOLICY', 'Default escalation policy'),
        escalation_level: o.escalationLevel,
        start: o.start === null ? null : new Date(o.start).toISOString(),
        end: o.end === null ? null : new Date(o.end).toISOString(),
      };
    });
  return paged('oncalls', found, page);
}
