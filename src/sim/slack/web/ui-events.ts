// Live updates for the sandbox page over Server-Sent Events. Workspace changes are pushed as a bare
// version number (the page then fetches its own view of the state, so each person's ephemerals and
// modal stay theirs); Identity Center has no change events, so its snapshot is read every half second
// while a page is watching and pushed only when it differs from the last one sent.

import type { WorkspaceChange } from '../types.js';
import type { Workspace } from '../workspace.js';
import { identityCenterView } from './identity-center-view.js';
import type { IdentityCenterView } from './ui-model.js';

const IC_POLL_MS = 500;
const KEEPALIVE_MS = 15_000;
const encoder = new TextEncoder();

/** One page watching: the stream its response reads from. */
type Client = ReadableStreamDefaultController<Uint8Array>;

export class UiEvents {
  private readonly clients = new Set<Client>();
  private version = 0;
  private lastIc = '';
  private icTimer: NodeJS.Timeout | undefined;
  private keepAlive: NodeJS.Timeout | undefined;
  private readonly onChange = (_change: WorkspaceChange) => {
    this.version += 1;
    this.broadcast('workspace', JSON.stringify({ version: this.version }));
  };

  constructor(
    private readonly workspace: Workspace,
    private readonly identityCenterState: (() => Promise<unknown> | unknown) | undefined,
  ) {
    workspace.on('change', this.onChange);
  }

  get currentVersion(): number {
    return this.version;
  }

  async identityCenter(): Promise<IdentityCenterView> {
    if (!this.identityCenterState) {
      return { available: false, assignments: [], groups: [], inProgress: [], problem: 'not connected' };
    }
    try {
      return identityCenterView(await this.identityCenterState());
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error);
      return { available: false, assignments: [], groups: [], inProgress: [], problem };
    }
  }

  /** The event stream for one page; it ends when the page goes away or the simulator closes. */
  subscribe(): Response {
    let client: Client | undefined;
    const stream = new ReadableStream<Uint8Array>({
      start: async (controller) => {
        client = controller;
        this.clients.add(controller);
        this.send(controller, 'workspace', JSON.stringify({ version: this.version }));
        const ic = JSON.stringify(await this.identityCenter());
        if (!this.clients.has(controller)) return;
        this.send(controller, 'identity-center', ic);
        this.startTimers();
      },
      cancel: () => {
        if (client) this.clients.delete(client);
        if (this.clients.size === 0) this.stopTimers();
      },
    });
    return new Response(stream, {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      },
    });
  }

  private startTimers(): void {
    if (!this.icTimer && this.identityCenterState) {
      this.icTimer = setInterval(() => void this.pollIdentityCenter(), IC_POLL_MS);
      this.icTimer.unref();
    }
    if (!this.keepAlive) {
      this.keepAlive = setInterval(() => {
        for (const client of this.clients) this.write(client, ': keep-alive\n\n');
      }, KEEPALIVE_MS);
      this.keepAlive.unref();
    }
  }

  private stopTimers(): void {
    clearInterval(this.icTimer);
    clearInterval(this.keepAlive);
    this.icTimer = undefined;
    this.keepAlive = undefined;
  }

  private async pollIdentityCenter(): Promise<void> {
    const data = JSON.stringify(await this.identityCenter());
    if (data === this.lastIc) return;
    this.lastIc = data;
    this.broadcast('identity-center', data);
  }

  private send(client: Client, event: string, data: string): void {
    this.write(client, `event: ${event}\ndata: ${data}\n\n`);
  }

  /** A page that went away between its close and the stream's cancel is dropped, not written to. */
  private write(client: Client, text: string): void {
    try {
      client.enqueue(encoder.encode(text));
    } catch {
      this.clients.delete(client);
    }
  }

  private broadcast(event: string, data: string): void {
    for (const client of this.clients) this.send(client, event, data);
  }

  close(): void {
    this.workspace.off('change', this.onChange);
    this.stopTimers();
    for (const client of this.clients) client.close();
    this.clients.clear();
  }
}
