// `<!date^unix^format|fallback>` as Slack shows it: the format's tokens filled in with the reader's
// local time. Unknown tokens make the whole thing fall back, as Slack does.

const DAY_MS = 86_400_000;

function dayDiff(date: Date, now: Date): number {
  const start = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  return Math.round((start(date) - start(now)) / DAY_MS);
}

function pretty(date: Date, now: Date): string | undefined {
  const diff = dayDiff(date, now);
  if (diff === 0) return 'today';
  if (diff === 1) return 'tomorrow';
  if (diff === -1) return 'yesterday';
  return undefined;
}

function tokenValue(token: string, date: Date, now: Date): string | undefined {
  const time = (secs: boolean) =>
    date.toLocaleTimeString(undefined, {
      hour: 'numeric',
      minute: '2-digit',
      ...(secs ? { second: '2-digit' } : {}),
    });
  const short = date.toLocaleDateString(undefined, { month: 'short', day: 'numeric', year: 'numeric' });
  const long = date.toLocaleDateString(undefined, {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    year: 'numeric',
  });
  switch (token) {
    case 'date_num':
      return date.toISOString().slice(0, 10);
    case 'date':
      return date.toLocaleDateString(undefined, { month: 'long', day: 'numeric', year: 'numeric' });
    case 'date_short':
      return short;
    case 'date_long':
      return long;
    case 'date_pretty':
    case 'date_long_pretty':
      return pretty(date, now) ?? (token === 'date_pretty' ? short : long);
    case 'date_short_pretty':
      return pretty(date, now) ?? short;
    case 'time':
      return time(false);
    case 'time_secs':
      return time(true);
    default:
      return undefined;
  }
}

/** The text Slack shows for a date token, or the fallback when the format cannot be read. */
export function formatSlackDate(unix: number, format: string, fallback: string, now = new Date()): string {
  if (!Number.isFinite(unix)) return fallback;
  const date = new Date(unix * 1000);
  let failed = false;
  const text = format.replace(/\{([a-z_]+)\}/g, (_, token: string) => {
    const value = tokenValue(token, date, now);
    if (value === undefined) failed = true;
    return value ?? '';
  });
  return failed ? fallback : text;
}
