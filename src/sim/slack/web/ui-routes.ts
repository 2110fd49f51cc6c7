// The sandbox page's routes on the Slack simulator's server: `GET /` the page, `/ui/app.js` its code,
// `/ui/state` the workspace as one person sees it, `/ui/identity-center` what Identity Center holds,
// `/ui/events` live updates, and POST /ui/<action> (ui-actions.ts) to act as a person. The page only
// reads the simulators and acts through the sender; it holds no state of its own.
//
// The event stream carries a bare version number on each workspace change (the page then fetches its
// own view, so each person's ephemerals and modal stay theirs) and Identity Center's view whenever it
// differs from the last one sent: Identity Center has no change events, so it is read every half second.

import { Hono } from 'hono';
import { type SSEStreamingApi, streamSSE } from 'hono/streaming';
import { SlackApiError } from '../errors.js';
import { jsonResponse } from '../http.js';
import type { Sender } from '../sender.js';
import type { Workspace } from '../workspace.js';
import { buildClientAssets, type ClientAssets } from './bundle.js';
import { type IdentityCenterState, identityCenterView, unavailable } from './identity-center-view.js';
import { pageHtml } from './page.js';
import { fail, uiActions } from './ui-actions.js';
import { stateFor } from './ui-state.js';

export interface SandboxUiOptions {
  /** What the simulated Identity Center holds now, such as `IdentityCenterSim.snapshot()`. */
  identityCenterState?: () => Promise<IdentityCenterState> | IdentityCenterState;
}

const IC_POLL_MS = 500;
/** Polls between two comment lines that keep an idle stream open through proxies. */
const KEEPALIVE_POLLS = 30;
const NO_STORE = { 'cache-control': 'no-store' };
const NOT_JSON = Symbol('not JSON');

const text = (type: string, body: string) =>
  new Response(body, { headers: { 'content-type': `${type}; charset=utf-8`, ...NO_STORE } });

export class SandboxUi {
  /** Mounted at `/` on the simulator's router; anything else falls through to the simulator's routes. */
  readonly routes = new Hono();
  private version = 0;
  private readonly streams = new Set<SSEStreamingApi>();
  private readonly onChange = () => {
    this.version += 1;
    for (const stream of this.streams) void this.sendVersion(stream);
  };

  private constructor(
    private readonly workspace: Workspace,
    sender: Sender,
    assets: ClientAssets,
    private readonly options: SandboxUiOptions,
  ) {
    workspace.on('change', this.onChange);
    const page = () => text('text/html', pageHtml(assets.styles));
    this.routes
      .get('/', page)
      .get('/index.html', page)
      .get('/ui/app.js', () => text('text/javascript', assets.script))
      .get('/ui/state', (c) => {
        // Someone unknown (a bookmark from another organisation) sees the page as the first person.
        const asked = c.req.query('as') ?? '';
        const as = workspace.user(asked) ? asked : workspace.listUsers().find((u) => !u.is_bot)?.id;
        if (!as) return jsonResponse({ ok: false, error: 'user_not_found' }, 400);
        return jsonResponse(stateFor(workspace, as, this.version), 200, NO_STORE);
      })
      .get('/ui/identity-center', async () => jsonResponse(await this.identityCenter(), 200, NO_STORE))
      .get('/ui/events', (c) => {
        const response = streamSSE(c, (stream) => this.watch(stream));
        response.headers.set('content-type', 'text/event-stream; charset=utf-8');
        return response;
      })
      // What Slack refuses (already_reacted, channel_not_found) is the person's to see, by its code.
      .onError((error) =>
        error instanceof SlackApiError
          ? jsonResponse({ ok: false, error: error.code }, 409)
          : jsonResponse({ ok: false, error: error.message }, 500),
      );
    for (const [name, act] of Object.entries(uiActions(workspace, sender))) {
      this.routes.post(`/ui/${name}`, async (c) => {
        const json: unknown = await c.req.json().catch(() => NOT_JSON);
        const result = json === NOT_JSON ? fail(400, 'invalid_json') : await act(json);
        return jsonResponse(result.body, result.status);
      });
    }
  }

  /** Builds the browser code once, then serves it from memory. */
  static async start(workspace: Workspace, sender: Sender, options: SandboxUiOptions): Promise<SandboxUi> {
    return new SandboxUi(workspace, sender, await buildClientAssets(), options);
  }

  private async identityCenter() {
    if (!this.options.identityCenterState) return unavailable('not connected');
    try {
      return identityCenterView(await this.options.identityCenterState());
    } catch (error) {
      return unavailable(error instanceof Error ? error.message : String(error));
    }
  }

  private sendVersion(stream: SSEStreamingApi): Promise<void> {
    return stream.writeSSE({ event: 'workspace', data: JSON.stringify({ version: this.version }) });
  }

  /** One page's stream, until the page goes away or the simulator closes. */
  private async watch(stream: SSEStreamingApi): Promise<void> {
    this.streams.add(stream);
    stream.onAbort(() => {
      this.streams.delete(stream);
    });
    await this.sendVersion(stream);
    let sent = '';
    for (let poll = 0; this.streams.has(stream); poll++) {
      const ic = JSON.stringify(await this.identityCenter());
      if (ic !== sent) await stream.writeSSE({ event: 'identity-center', data: ic });
      else if (poll % KEEPALIVE_POLLS === 0) await stream.write(': keep-alive\n\n');
      sent = ic;
      await stream.sleep(IC_POLL_MS);
    }
  }

  close(): void {
    this.workspace.off('change', this.onChange);
    for (const stream of this.streams) stream.abort();
    this.streams.clear();
  }
}
