// `latchkey audit`: exports audit events between two times (or for one grant) as JSON lines or CSV.

import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { parseDuration } from '../src/core/duration.js';
import { isGrantId } from '../src/core/ids.js';
import { readStoreEnvironment } from '../src/runtime/environment.js';
import { auditRecords, toCsv, toJsonLines } from '../src/service/audit-export.js';
import { openStore } from '../src/store/open.js';
import { failStartup, orFailStartup } from './serve.js';

/** `2026-11-29`, `2026-11-29T10:00:00Z`, or a duration back from now (`24h`, `7d`). */
export function parseWhen(text: string, now = Date.now()): number {
  const ago = parseDuration(text);
  if (ago !== undefined) return now - ago * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at))
    throw new InvalidArgumentError(`"${text}" is neither a time (2026-11-29T10:00Z) nor a duration (24h)`);
  return at;
}

export function register(program: Command): void {
  program
    .command('audit')
    .description('export audit events in time order')
    .option('--since <time|duration>', 'from this time, or this long ago (default: 24h)', (v) => parseWhen(v))
    .option('--until <time|duration>', 'up to this time (default: now)', (v) => parseWhen(v))
    .option('--grant <id>', 'only the events of this grant', (v) => {
      if (!isGrantId(v)) throw new InvalidArgumentError(`"${v}" is not a grant id (like g-7k2m9q4x)`);
      return v;
    })
    .option(
      '--format <format>',
      'jsonl or csv',
      (v) => {
        if (v !== 'jsonl' && v !== 'csv') throw new InvalidArgumentError('use jsonl or csv');
        return v;
      },
      'jsonl',
    )
    .action(async (options: { since?: number; until?: number; grant?: string; format: 'jsonl' | 'csv' }) => {
      const env = orFailStartup(() => readStoreEnvironment(process.env));
      const opened = await openStore({ table: env.table, dataDir: env.dataDir }).catch(failStartup);
      try {
        const until = options.until ?? Date.now();
        const since = options.since ?? (options.grant ? 0 : until - 86_400_000);
        const records = await auditRecords(opened.store, {
          since,
          until,
          ...(options.grant && { grantId: options.grant }),
        });
        process.stdout.write(options.format === 'csv' ? toCsv(records) : toJsonLines(records));
      } finally {
        await opened.close();
      }
    });
}
