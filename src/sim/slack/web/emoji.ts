// The emoji codes Latchkey and the people using it write, as the characters Slack shows. A small table
// on purpose: an unknown code stays as its `:name:` text, which is what Slack shows for a missing emoji.

const EMOJI: Record<string, string> = {
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  x: '❌',
  no_entry: '⛔',
  no_entry_sign: '🚫',
  hourglass_flowing_sand: '⏳',
  hourglass: '⌛',
  gear: '⚙️',
  unlock: '🔓',
  lock: '🔒',
  key: '🔑',
  zzz: '💤',
  warning: '⚠️',
  leftwards_arrow_with_hook: '↩️',
  heavy_multiplication_x: '✖️',
  alarm_clock: '⏰',
  boom: '💥',
  bell: '🔔',
  eyes: '👀',
  '+1': '👍',
  thumbsup: '👍',
  '-1': '👎',
  thumbsdown: '👎',
  tada: '🎉',
  rocket: '🚀',
  wave: '👋',
  raised_hands: '🙌',
  pray: '🙏',
  fire: '🔥',
  information_source: 'ℹ️',
  clock1: '🕐',
  stopwatch: '⏱️',
};

export function emojiFor(name: string): string | undefined {
  return EMOJI[name];
}

/** The reactions the page offers in its "add reaction" menu: approve and deny first. */
export const REACTION_CHOICES = ['white_check_mark', 'x', 'eyes', '+1', 'tada'] as const;
