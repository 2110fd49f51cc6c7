// `<!date^unix^format|fallback>` as Slack shows it: the format's tokens filled in with the reader's
// local time. Unknown tokens make the whole thing fall back, as Slack does.

const FORMATS: Record<string, Intl.DateTimeFormatOptions> = {
  date: { month: 'long', day: 'numeric', year: 'numeric' },
  date_short: { month: 'short', day: 'numeric', year: 'numeric' },
  date_long: { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' },
  time: { hour: 'numeric', minute: '2-digit' },
  time_secs: { hour: 'numeric', minute: '2-digit', second: '2-digit' },
};
// Slack's words for the days next to today; its `_pretty` tokens show them instead of the date.
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

const midnight = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();

function tokenValue(token: string, date: Date, now: Date): string | undefined {
  if (token === 'date_num') return date.toISOString().slice(0, 10);
  const pretty = /^date(_short|_long)?_pretty$/.exec(token);
  if (!pretty) return FORMATS[token] && date.toLocaleString(undefined, FORMATS[token]);
  const days = Math.round((midnight(date) - midnight(now)) / 86_400_000);
  if (Math.abs(days) <= 1) return relative.format(days, 'day');
  return date.toLocaleString(undefined, FORMATS[pretty[1] === '_long' ? 'date_long' : 'date_short']);
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
