// The simulator's entry point: one HTTP server on loopback serving the Web API (`/api/<method>`) and
// response_urls (`/response/<id>`), the workspace it changes, and the sender that plays Slack towards
// the bot; with `ui`, also the sandbox page (web/) that shows the workspace in a browser.

import { Hono } from 'hono';
import { type Clock, systemClock } from '../../core/ports.js';
import { listenFetch } from '../loopback-server.js';
import { jsonResponse } from './http.js';
import { IdSource } from './ids.js';
import { RateLimits } from './rate-limits.js';
import { ResponseUrls } from './response-url.js';
import { parseSlackSeed } from './seed.js';
import { Sender } from './sender.js';
import { SignedTransport } from './transport.js';
import { Triggers } from './triggers.js';
import { SandboxUi, type SandboxUiOptions } from './web/ui-routes.js';
import { type ApiCall, WebApi } from './web-api.js';
import { Workspace } from './workspace.js';

export interface SlackSimOptions {
  /** The organisation document (with a `slack:` key) or its `slack:` section; validated here. */
  org: unknown;
  signingSecret: string;
  botToken: string;
  /** Where the bot receives slash commands, interactivity and events. */
  botUrl?: string;
  port?: number;
  /** Drives message timestamps and trigger/response_url expiry; defaults to the system clock. */
  clock?: Clock;
  verificationToken?: string;
  /** Serves the sandbox page at `/` (its code is bundled at start), fed by these sources. */
  ui?: SandboxUiOptions;
}

export interface SlackSim {
  /** Base URL for SLACK_API_URL / WebClient's slackApiUrl, ending in `/api/`. */
  apiUrl: string;
  /** The server's base URL, without a trailing slash. */
  url: string;
  /** The sandbox page's URL, when started with `ui`. */
  pageUrl?: string;
  workspace: Workspace;
  sender: Sender;
  rateLimits: RateLimits;
  /** Every Web API call the bot made, in order. */
  calls: ApiCall[];
  setBotUrl(url: string): void;
  close(): Promise<void>;
}

export async function startSlackSim(options: SlackSimOptions): Promise<SlackSim> {
  const seed = parseSlackSeed(options.org);
  const ids = new IdSource(options.clock ?? systemClock);
  const workspace = new Workspace(seed, ids);
  const triggers = new Triggers(ids);
  const rateLimits = new RateLimits();
  let baseUrl = '';
  let botUrl = options.botUrl;
  const responseUrls = new ResponseUrls(workspace, ids, () => baseUrl);
  const webApi = new WebApi({ workspace, triggers }, options.botToken, rateLimits);

  const transport = new SignedTransport(options.signingSecret, () => botUrl);
  const app = { appId: seed.appId, verificationToken: options.verificationToken ?? 'sim-verification-token' };
  const sender = new Sender({ workspace, ids, triggers, responseUrls, transport, app });
  const ui = options.ui ? await SandboxUi.start(workspace, sender, options.ui) : undefined;

  const routes = new Hono();
  if (ui) routes.route('/', ui.routes);
  const notFound = () => jsonResponse({ ok: false, error: 'not_found' }, 404);
  // Hono answers HEAD with the GET route; here a HEAD must not run a method.
  routes.on(['GET', 'POST'], '/api/:method{[A-Za-z0-9_.]+}', (c) =>
    c.req.method === 'HEAD' ? notFound() : webApi.handle(c.req.param('method'), c.req.raw),
  );
  routes.post('/response/:id{[A-Za-z0-9]+}', async (c) => {
    const outcome = responseUrls.respond(c.req.param('id'), await c.req.text());
    return jsonResponse(outcome.body, outcome.status);
  });
  routes.notFound(notFound);
  routes.onError((error) => jsonResponse({ ok: false, error: 'fatal_error', detail: error.message }, 500));

  let server: Awaited<ReturnType<typeof listenFetch>>;
  try {
    server = await listenFetch(routes.fetch, { port: options.port ?? 0, keepAliveMs: 5000 });
  } catch (error) {
    ui?.close();
    throw error;
  }
  baseUrl = server.url;

  return {
    apiUrl: `${baseUrl}/api/`,
    url: baseUrl,
    ...(ui ? { pageUrl: `${baseUrl}/` } : {}),
    workspace,
    sender,
    rateLimits,
    calls: webApi.calls,
    setBotUrl(url: string) {
      botUrl = url;
    },
    close: () => {
      ui?.close();
      return server.close();
    },
  };
}
