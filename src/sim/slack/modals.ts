// Open modals, one stack per person (Slack allows three views in a stack). Views keep Slack's shape,
// including the hash that views.update checks to refuse a stale update.

import { SlackApiError } from './errors.js';
import type { IdSource } from './ids.js';
import type { Json, JsonObject, SimView, WorkspaceChange } from './types.js';

export const MAX_STACK = 3;

export interface ViewInput {
  type: string;
  title: Json;
  blocks: Json[];
  submit?: Json | undefined;
  close?: Json | undefined;
  private_metadata?: string | undefined;
  callback_id?: string | undefined;
  external_id?: string | undefined;
  clear_on_close?: boolean | undefined;
  notify_on_close?: boolean | undefined;
}

export class Modals {
  private readonly stacks = new Map<string, SimView[]>();

  constructor(
    private readonly teamId: string,
    private readonly bot: { botId: string; appId: string },
    private readonly ids: IdSource,
    private readonly announce: (change: WorkspaceChange) => void,
  ) {}

  private build(input: ViewInput, id: string, root: string | null, previous: string | null): SimView {
    return {
      id,
      team_id: this.teamId,
      type: input.type,
      title: input.title,
      submit: input.submit ?? null,
      close: input.close ?? null,
      blocks: input.blocks,
      private_metadata: input.private_metadata ?? '',
      callback_id: input.callback_id ?? '',
      external_id: input.external_id ?? '',
      state: { values: {} },
      hash: this.ids.viewHash(),
      clear_on_close: input.clear_on_close ?? false,
      notify_on_close: input.notify_on_close ?? false,
      root_view_id: root ?? id,
      previous_view_id: previous,
      app_id: this.bot.appId,
      app_installed_team_id: this.teamId,
      bot_id: this.bot.botId,
    };
  }

  private checkExternalId(externalId: string | undefined, except?: string): void {
    if (!externalId) return;
    const taken = this.allViews().some((v) => v.external_id === externalId && v.id !== except);
    if (taken) throw new SlackApiError('duplicate_external_id');
  }

  open(user: string, input: ViewInput): SimView {
    this.checkExternalId(input.external_id);
    const id = this.ids.id('V');
    const view = this.build(input, id, null, null);
    this.stacks.set(user, [view]);
    this.announce({ kind: 'view_opened', user, viewId: id });
    return view;
  }

  push(user: string, input: ViewInput): SimView {
    const stack = this.stacks.get(user) ?? [];
    if (stack.length >= MAX_STACK) throw new SlackApiError('push_limit_reached');
    this.checkExternalId(input.external_id);
    const previous = stack.at(-1);
    const id = this.ids.id('V');
    const view = this.build(input, id, previous?.root_view_id ?? null, previous?.id ?? null);
    this.stacks.set(user, [...stack, view]);
    this.announce({ kind: 'view_pushed', user, viewId: id });
    return view;
  }

  update(ref: { viewId?: string; externalId?: string }, input: ViewInput, hash?: string): SimView {
    const found = this.find(ref);
    if (!found) throw new SlackApiError('not_found');
    const { user, view } = found;
    if (hash && hash !== view.hash) throw new SlackApiError('hash_conflict');
    this.checkExternalId(input.external_id, view.id);
    const updated = this.build(input, view.id, view.root_view_id, view.previous_view_id);
    // Slack keeps what the person typed in inputs that survive the update.
    updated.state = view.state;
    const stack = this.stacks.get(user) ?? [];
    this.stacks.set(
      user,
      stack.map((v) => (v.id === view.id ? updated : v)),
    );
    this.announce({ kind: 'view_updated', user, viewId: view.id });
    return updated;
  }

  find(ref: { viewId?: string; externalId?: string }): { user: string; view: SimView } | undefined {
    for (const [user, stack] of this.stacks) {
      const view = stack.find((v) => (ref.viewId ? v.id === ref.viewId : v.external_id === ref.externalId));
      if (view) return { user, view };
    }
    return undefined;
  }

  setState(viewId: string, values: Record<string, Record<string, JsonObject>>): void {
    const found = this.find({ viewId });
    if (found) found.view.state = { values };
  }

  setErrors(viewId: string, errors: Record<string, string>): void {
    const found = this.find({ viewId });
    if (!found) return;
    found.view.errors = errors;
    this.announce({ kind: 'view_updated', user: found.user, viewId });
  }

  /** Takes the top view off a person's stack; returns it, or nothing when no modal is open. */
  close(user: string): SimView | undefined {
    const stack = this.stacks.get(user) ?? [];
    const view = stack.pop();
    if (!view) return undefined;
    if (stack.length === 0) this.stacks.delete(user);
    this.announce({ kind: 'view_closed', user, viewId: view.id });
    return view;
  }

  clear(user: string): void {
    while (this.stacks.get(user)?.length) this.close(user);
  }

  top(user: string): SimView | undefined {
    return this.stacks.get(user)?.at(-1);
  }

  stack(user: string): SimView[] {
    return [...(this.stacks.get(user) ?? [])];
  }

  all(): Record<string, SimView[]> {
    return Object.fromEntries(this.stacks);
  }

  private allViews(): SimView[] {
    return [...this.stacks.values()].flat();
  }
}
