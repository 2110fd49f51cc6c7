// The simulator's entry point: one HTTP server on loopback serving the Web API (`/api/<method>`) and
// response_urls (`/response/<id>`), the workspace it changes, and the sender that plays Slack towards
// the bot; with `ui`, also the sandbox page (web/) that shows the workspace in a browser.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Clock, systemClock } from '../../core/ports.js';
import { readBody, sendJson } from './http.js';
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

  let ui: SandboxUi | undefined;

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://sim');
    const path = url.pathname;
    if (ui && (await ui.handle(req, res, url))) return;
    const api = path.match(/^\/api\/([A-Za-z0-9_.]+)$/);
    if (api?.[1] && (req.method === 'POST' || req.method === 'GET')) return webApi.handle(api[1], req, res);
    const response = path.match(/^\/response\/([A-Za-z0-9]+)$/);
    if (response?.[1] && req.method === 'POST') {
      const outcome = responseUrls.respond(response[1], await readBody(req));
      return sendJson(res, outcome.status, outcome.body);
    }
    sendJson(res, 404, { ok: false, error: 'not_found' });
  };

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'fatal_error', detail: message });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  const transport = new SignedTransport(options.signingSecret, () => botUrl);
  const app = { appId: seed.appId, verificationToken: options.verificationToken ?? 'sim-verification-token' };
  const sender = new Sender({ workspace, ids, triggers, responseUrls, transport, app });
  if (options.ui) {
    try {
      ui = await SandboxUi.start(workspace, sender, options.ui);
    } catch (error) {
      server.close();
      throw error;
    }
  }

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
    close: () =>
      new Promise<void>((resolve, reject) => {
        ui?.close();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
