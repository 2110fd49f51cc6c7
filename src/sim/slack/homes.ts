// Each person's Home tab: the one `home` view the app published for them with views.publish, its id
// kept across publishes and a fresh hash each time (a publish with a stale hash is refused, as on Slack).

import { SlackApiError } from './errors.js';
import type { IdSource } from './ids.js';
import type { ViewInput } from './modals.js';
import type { SimView, WorkspaceChange } from './types.js';

export class Homes {
  private readonly views = new Map<string, SimView>();
  /** How many times each person's Home was published: tests count republishing by it. */
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly teamId: string,
    private readonly bot: { botId: string; appId: string },
    private readonly ids: IdSource,
    private readonly announce: (change: WorkspaceChange) => void,
  ) {}

  publish(user: string, input: ViewInput, hash?: string): SimView {
    const previous = this.views.get(user);
    if (hash && previous && hash !== previous.hash) throw new SlackApiError('hash_conflict');
    if (input.external_id) {
      const taken = [...this.views.entries()].some(
        ([u, v]) => u !== user && v.external_id === input.external_id,
      );
      if (taken) throw new SlackApiError('duplicate_external_id');
    }
    const id = previous?.id ?? this.ids.id('V');
    const view: SimView = {
      id,
      team_id: this.teamId,
      type: 'home',
      title: input.title ?? null,
      submit: null,
      close: null,
      blocks: input.blocks,
      private_metadata: input.private_metadata ?? '',
      callback_id: input.callback_id ?? '',
      external_id: input.external_id ?? '',
      state: { values: {} },
      hash: this.ids.viewHash(),
      clear_on_close: false,
      notify_on_close: false,
      root_view_id: id,
      previous_view_id: null,
      app_id: this.bot.appId,
      app_installed_team_id: this.teamId,
      bot_id: this.bot.botId,
    };
    this.views.set(user, view);
    this.counts.set(user, (this.counts.get(user) ?? 0) + 1);
    this.announce({ kind: 'home_published', user, viewId: id });
    return view;
  }

  of(user: string): SimView | undefined {
    return this.views.get(user);
  }

  publishedCount(user: string): number {
    return this.counts.get(user) ?? 0;
  }
}
