// Live updates for the sandbox page over Server-Sent Events. Workspace changes are pushed as a bare
// version number (the page then fetches its own view of the state, so each person's ephemerals and
// modal stay theirs); Identity Center has no change events, so its snapshot is read every half second
// while a page is watching and pushed only when it differs from the last one sent.

import type { ServerResponse } from 'node:http';
import type { WorkspaceChange } from '../types.js';
import type { Workspace } from '../workspace.js';
import { identityCenterView } from './identity-center-view.js';
import type { IdentityCenterView } from './ui-model.js';

const IC_POLL_MS = 500;
const KEEPALIVE_MS = 15_000;

export class UiEvents {
  private readonly clients = new Set<ServerResponse>();
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

  async subscribe(res: ServerResponse): Promise<void> {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    this.clients.add(res);
    res.on('close', () => {
      this.clients.delete(res);
      if (this.clients.size === 0) this.stopTimers();
    });
    this.send(res, 'workspace', JSON.stringify({ version: this.version }));
    this.send(res, 'identity-center', JSON.stringify(await this.identityCenter()));
    this.startTimers();
  }

  private startTimers(): void {
    if (!this.icTimer && this.identityCenterState) {
      this.icTimer = setInterval(() => void this.pollIdentityCenter(), IC_POLL_MS);
      this.icTimer.unref();
    }
    if (!this.keepAlive) {
      this.keepAlive = setInterval(() => {
        for (const client of this.clients) client.write(': keep-alive\n\n');
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

  private send(res: ServerResponse, event: string, data: string): void {
    res.write(`event: ${event}\ndata: ${data}\n\n`);
  }

  private broadcast(event: string, data: string): void {
    for (const client of this.clients) this.send(client, event, data);
  }

  close(): void {
    this.workspace.off('change', this.onChange);
    this.stopTimers();
    for (const client of this.clients) client.end();
    this.clients.clear();
  }
}
