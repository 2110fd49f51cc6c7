// Unread marks in the sidebar: how many top-level messages arrived in a channel since the person last
// looked at it. A channel seen for the first time counts as read, so a fresh page starts clean.

import type { UiChannel, UiState } from '../ui-state.js';

export class Unread {
  private readonly seen = new Map<string, number>();

  private key(state: UiState, channel: UiChannel): string {
    return `${state.me}:${channel.key}`;
  }

  see(state: UiState, current: UiChannel): void {
    for (const channel of state.channels) {
      const key = this.key(state, channel);
      if (channel === current || !this.seen.has(key)) this.seen.set(key, channel.messages.length);
    }
  }

  count(state: UiState, channel: UiChannel): number {
    return Math.max(0, channel.messages.length - (this.seen.get(this.key(state, channel)) ?? 0));
  }
}
