// Emoji codes as the characters Slack shows, from GitHub's gemoji table: Slack and GitHub share the
// standard names (`white_check_mark`, `+1`, `thumbsup`). An unknown code stays as its `:name:` text,
// which is what Slack shows for a missing emoji.

import { nameToEmoji } from 'gemoji';

export function emojiFor(name: string): string | undefined {
  // Own keys only: `constructor` is a valid code to type and must not reach Object's prototype.
  return Object.hasOwn(nameToEmoji, name) ? nameToEmoji[name] : undefined;
}

/** The reactions the page offers in its "add reaction" menu: approve and deny first. */
export const REACTION_CHOICES = ['white_check_mark', 'x', 'eyes', '+1', 'tada'] as const;
