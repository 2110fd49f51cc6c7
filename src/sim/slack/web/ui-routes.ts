// The sandbox page's routes on the Slack simulator's server: `GET /` the page, `/ui/app.js` its code,
// `/ui/state` the workspace as one person sees it, `/ui/events` live updates, `/ui/identity-center`
// what Identity Center holds, and POST /ui/{command,click,react,submit,close,suggest,home} to act as a
// person. The page only reads the simulators and acts through the sender; it holds no state of its own.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { readBody, sendJson } from '../http.js';
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

type Post = (body: unknown) => Promise<ActionResult>;

export class SandboxUi {
  private readonly events: UiEvents;
  private readonly actions: UiActions;
  private readonly posts: Record<string, Post>;

  private constructor(
    private readonly workspace: Workspace,
    sender: Sender,
    private readonly assets: ClientAssets,
    options: SandboxUiOptions,
  ) {
    this.events = new UiEvents(workspace, options.identityCenterState);
    this.actions = new UiActions(workspace, sender);
    const as =
      <S extends z.ZodType<{ as: string }>>(
        schema: S,
        act: (input: z.infer<S>) => Promise<ActionResult>,
      ): Post =>
      async (body) => {
        const parsed = schema.safeParse(body);
        if (!parsed.success) return { status: 400, body: { ok: false, error: 'invalid_arguments' } };
        if (!this.workspace.user(parsed.data.as))
          return { status: 400, body: { ok: false, error: 'user_not_found' } };
        return act(parsed.data);
      };
    this.posts = {
      command: as(commandBody, (input) => this.actions.command(input)),
      click: as(clickBody, (input) => this.actions.click(input)),
      react: as(reactBody, (input) => this.actions.react(input)),
      submit: as(submitBody, (input) => this.actions.submit(input)),
      close: as(closeBody, (input) => this.actions.close(input.as)),
      home: as(homeBody, (input) => this.actions.home(input.as)),
      suggest: as(suggestBody, (input) => this.actions.suggest(input)),
    };
  }

  /** Builds the browser code once, then serves it from memory. */
  static async start(workspace: Workspace, sender: Sender, options: SandboxUiOptions): Promise<SandboxUi> {
    return new SandboxUi(workspace, sender, await buildClientAssets(), options);
  }

  /** Answers the request when it is one of the page's; false leaves it to the simulator's other routes. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (method === 'GET' && (path === '/' || path === '/index.html')) {
      this.sendText(res, 'text/html', pageHtml(this.assets.styles));
    } else if (method === 'GET' && path === '/ui/app.js') {
      this.sendText(res, 'text/javascript', this.assets.script);
    } else if (method === 'GET' && path === '/ui/state') {
      // Someone unknown (a bookmark from another organisation) sees the page as the first person.
      const asked = url.searchParams.get('as') ?? '';
      const as = this.workspace.user(asked) ? asked : this.workspace.listUsers().find((u) => !u.is_bot)?.id;
      if (!as) sendJson(res, 400, { ok: false, error: 'user_not_found' });
      else
        sendJson(res, 200, stateFor(this.workspace, as, this.events.currentVersion), {
          'cache-control': 'no-store',
        });
    } else if (method === 'GET' && path === '/ui/identity-center') {
      sendJson(res, 200, await this.events.identityCenter(), { 'cache-control': 'no-store' });
    } else if (method === 'GET' && path === '/ui/events') {
      await this.events.subscribe(res);
    } else if (method === 'POST' && path.startsWith('/ui/') && this.posts[path.slice(4)]) {
      await this.post(req, res, this.posts[path.slice(4)]!);
    } else {
      return false;
    }
    return true;
  }

  private async post(req: IncomingMessage, res: ServerResponse, act: Post): Promise<void> {
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return sendJson(res, 400, { ok: false, error: 'invalid_json' });
    }
    try {
      const result = await act(body);
      sendJson(res, result.status, result.body);
    } catch (error) {
      sendJson(res, 500, { ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  }

  private sendText(res: ServerResponse, type: string, text: string): void {
    res.writeHead(200, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' });
    res.end(text);
  }

  close(): void {
    this.events.close();
  }
}
