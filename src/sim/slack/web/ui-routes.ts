// The sandbox page's routes on the Slack simulator's server: `GET /` the page, `/ui/app.js` its code,
// `/ui/state` the workspace as one person sees it, `/ui/events` live updates, `/ui/identity-center`
// what Identity Center holds, and POST /ui/{command,click,react,submit,close,suggest,home} to act as a
// person. The page only reads the simulators and acts through the sender; it holds no state of its own.

import { Hono } from 'hono';
import type { z } from 'zod';
import { jsonResponse } from '../http.js';
import type { Sender } from '../sender.js';
import type { Workspace } from '../workspace.js';
import { buildClientAssets, type ClientAssets } from './bundle.js';
import { pageHtml } from './page.js';
import { type ActionResult, UiActions } from './ui-actions.js';
import {
  clickBody,
  closeBody,
  commandBody,
  homeBody,
  reactBody,
  submitBody,
  suggestBody,
} from './ui-bodies.js';
import { UiEvents } from './ui-events.js';
import { stateFor } from './ui-state.js';

export interface SandboxUiOptions {
  /** What the simulated Identity Center holds now, such as `IdentityCenterSim.snapshot()`. */
  identityCenterState?: () => Promise<unknown> | unknown;
}

const NO_STORE = { 'cache-control': 'no-store' };

const text = (type: string, body: string) =>
  new Response(body, { headers: { 'content-type': `${type}; charset=utf-8`, ...NO_STORE } });

export class SandboxUi {
  /** Mounted at `/` on the simulator's router; anything else falls through to the simulator's routes. */
  readonly routes = new Hono();
  private readonly events: UiEvents;

  private constructor(
    private readonly workspace: Workspace,
    sender: Sender,
    assets: ClientAssets,
    options: SandboxUiOptions,
  ) {
    this.events = new UiEvents(workspace, options.identityCenterState);
    const actions = new UiActions(workspace, sender);
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
        return jsonResponse(stateFor(workspace, as, this.events.currentVersion), 200, NO_STORE);
      })
      .get('/ui/identity-center', async () => jsonResponse(await this.events.identityCenter(), 200, NO_STORE))
      .get('/ui/events', () => this.events.subscribe());
    this.post('command', commandBody, (input) => actions.command(input));
    this.post('click', clickBody, (input) => actions.click(input));
    this.post('react', reactBody, (input) => actions.react(input));
    this.post('submit', submitBody, (input) => actions.submit(input));
    this.post('close', closeBody, (input) => actions.close(input.as));
    this.post('home', homeBody, (input) => actions.home(input.as));
    this.post('suggest', suggestBody, (input) => actions.suggest(input));
  }

  /** Builds the browser code once, then serves it from memory. */
  static async start(workspace: Workspace, sender: Sender, options: SandboxUiOptions): Promise<SandboxUi> {
    return new SandboxUi(workspace, sender, await buildClientAssets(), options);
  }

  /** POST /ui/<name>: a JSON body checked against `schema`, acting as a person of the workspace. */
  private post<S extends z.ZodType<{ as: string }>>(
    name: string,
    schema: S,
    act: (input: z.infer<S>) => Promise<ActionResult>,
  ): void {
    this.routes.post(`/ui/${name}`, async (c) => {
      let body: unknown;
      try {
        body = JSON.parse(await c.req.text());
      } catch {
        return jsonResponse({ ok: false, error: 'invalid_json' }, 400);
      }
      const parsed = schema.safeParse(body);
      if (!parsed.success) return jsonResponse({ ok: false, error: 'invalid_arguments' }, 400);
      if (!this.workspace.user(parsed.data.as))
        return jsonResponse({ ok: false, error: 'user_not_found' }, 400);
      try {
        const result = await act(parsed.data);
        return jsonResponse(result.body, result.status);
      } catch (error) {
        return jsonResponse(
          { ok: false, error: error instanceof Error ? error.message : String(error) },
          500,
        );
      }
    });
  }

  close(): void {
    this.events.close();
  }
}
