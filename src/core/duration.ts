// Durations as people write them in the config and in Slack: 90s, 30m, 2h, 1d (and combinations like 1h30m).
// Held as whole seconds everywhere inside Latchkey.

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
const PART = /(\d+)\s*([smhd])/gy;

/** Parses `90s`, `30m`, `2h`, `1d` or `1h30m` into seconds; `undefined` when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const input = text.trim().toLowerCase();
  if (input === '') return undefined;
  PART.lastIndex = 0;
  let total = 0;
  let consumed = 0;
  for (let match = PART.exec(input); match; match = PART.exec(input)) {
    total += Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
    consumed = PART.lastIndex;
    while (input[consumed] === ' ') consumed++;
    PART.lastIndex = consumed;
  }
  if (consumed !== input.length || total <= 0 || !Number.isSafeInteger(total)) return undefined;
  return total;
}

/** Formats seconds the way a person reads them: `2h`, `1h 30m`, `45s`. */
export function formatDuration(seconds: number): string {
  let rest = Math.max(0, Math.round(seconds));
  if (rest === 0) return '0s';
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join(' ');
}
