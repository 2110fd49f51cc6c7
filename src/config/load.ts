// Reads `latchkey.yml` and validates it. Every problem is reported with its path, all at once.

import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { LatchkeyError } from '../core/errors.js';
import { crossFieldProblems } from './cross-field.js';
import { type Config, configSchema } from './schema.js';

export class ConfigError extends LatchkeyError {
  readonly code = 'invalid_config';
  constructor(
    readonly file: string,
    readonly problems: string[],
    options?: { cause?: unknown },
  ) {
    super(`${file} is not a valid Latchkey config:\n${problems.map((p) => `  - ${p}`).join('\n')}`, options);
  }
}

/** `entitlements[1].maxDuration` from zod's `['entitlements', 1, 'maxDuration']`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(top level)' : out;
}

export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') message = `unknown field(s): ${issue.keys.join(', ')}`;
    return `${formatPath(issue.path)}: ${message}`;
  });
}

/** Every problem of a parsed document: schema issues and cross-field rules, in document order, once each. */
function problemsOf(raw: unknown, issues: readonly z.core.$ZodIssue[]): string[] {
  const all = [
    ...describeIssues(issues),
    ...crossFieldProblems(raw).map((p) => `${formatPath(p.path)}: ${p.message}`),
  ];
  return [...new Set(all)].sort(byPath);
}

const byPath = (a: string, b: string) =>
  a.split(':')[0]!.localeCompare(b.split(':')[0]!, 'en', { numeric: true });

/** Parses config text; throws `ConfigError` listing every problem. */
export function parseConfig(text: string, file = 'latchkey.yml'): Config {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => `YAML: ${e.message.split('\n')[0]}`),
    );
  }
  const raw: unknown = doc.toJS() ?? {};
  const result = configSchema.safeParse(raw);
  const problems = problemsOf(raw, result.success ? [] : result.error.issues);
  if (!result.success || problems.length > 0) throw new ConfigError(file, problems);
  return result.data;
}

export async function loadConfig(file: string): Promise<Config> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error);
    throw new ConfigError(file, [reason], { cause: error });
  }
  return parseConfig(text, file);
}
