// The environment, read once and validated: which mode Latchkey runs in and where its parts are.
// No Slack credentials at all means sandbox mode; any Slack credential means a real workspace, and then a
// missing setting is an error, never a silent simulation.

import { z } from 'zod';
import { LatchkeyError } from '../core/errors.js';
import {
  ACTIVITY_CHECKPOINTS,
  type ActivityCheckpoint,
  CHECKPOINTS,
  type CheckpointName,
} from '../service/deps.js';

const schema = z.object({
  SLACK_BOT_TOKEN: z.string().min(1).optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_APP_TOKEN: z.string().min(1).optional(),
  // The Web API client resolves method names against it: without the trailing slash the last segment is lost.
  SLACK_API_URL: z
    .url()
    .transform((url) => (url.endsWith('/') ? url : `${url}/`))
    .optional(),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  LATCHKEY_CONFIG: z.string().min(1).optional(),
  LATCHKEY_TABLE: z.string().min(3).max(255).optional(),
  LATCHKEY_DATA_DIR: z.string().min(1).default('./.latchkey'),
  LATCHKEY_LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  LATCHKEY_SANDBOX_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  LATCHKEY_CRASH_AT: z.enum([...CHECKPOINTS, ...ACTIVITY_CHECKPOINTS]).optional(),
  PAGERDUTY_TOKEN: z.string().min(1).optional(),
  PAGERDUTY_API_URL: z.url().optional(),
});

export type Slack =
  | { kind: 'http'; botToken: string; signingSecret: string; apiUrl: string | undefined }
  | { kind: 'socket'; botToken: string; appToken: string; apiUrl: string | undefined };

export interface Environment {
  mode: 'sandbox' | 'slack';
  slack: Slack | undefined;
  port: number;
  /** The sandbox page's port (default: PORT + 1). */
  sandboxPort: number;
  configPath: string | undefined;
  table: string | undefined;
  dataDir: string;
  logLevel: z.output<typeof schema>['LATCHKEY_LOG_LEVEL'];
  /** Fault injection for the crash tests: the process kills itself at this step. Never set in production. */
  crashAt: CheckpointName | ActivityCheckpoint | undefined;
  /** PagerDuty, for on-call auto-approval: the REST API token and base (undefined: api.pagerduty.com). */
  pagerduty: { token: string | undefined; apiUrl: string | undefined };
}

export class EnvironmentError extends LatchkeyError {
  readonly code = 'invalid_environment';
  constructor(
    readonly problems: string[],
    options?: { cause?: unknown },
  ) {
    super(`Latchkey cannot start:\n${problems.map((p) => `  - ${p}`).join('\n')}`, options);
  }
}

function parsed<S extends z.ZodType>(part: S, env: NodeJS.ProcessEnv): z.output<S> {
  const result = part.safeParse(env);
  if (!result.success) {
    throw new EnvironmentError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  return result.data;
}

/**
 * Where the store is, and nothing else: for `latchkey audit`, which reads the store alone, so an auditor
 * exports from the production table without Slack's credentials.
 */
export function readStoreEnvironment(env: NodeJS.ProcessEnv): Pick<Environment, 'table' | 'dataDir'> {
  const e = parsed(schema.pick({ LATCHKEY_TABLE: true, LATCHKEY_DATA_DIR: true }), env);
  return { table: e.LATCHKEY_TABLE, dataDir: e.LATCHKEY_DATA_DIR };
}

export function readEnvironment(env: NodeJS.ProcessEnv): Environment {
  const e = parsed(schema, env);
  const base = {
    port: e.PORT,
    sandboxPort: e.LATCHKEY_SANDBOX_PORT ?? (e.PORT === 0 ? 0 : e.PORT + 1),
    configPath: e.LATCHKEY_CONFIG,
    table: e.LATCHKEY_TABLE,
    dataDir: e.LATCHKEY_DATA_DIR,
    logLevel: e.LATCHKEY_LOG_LEVEL,
    crashAt: e.LATCHKEY_CRASH_AT,
    pagerduty: { token: e.PAGERDUTY_TOKEN, apiUrl: e.PAGERDUTY_API_URL },
  };
  const anySlack = e.SLACK_BOT_TOKEN ?? e.SLACK_SIGNING_SECRET ?? e.SLACK_APP_TOKEN;
  if (!anySlack) {
    if (e.LATCHKEY_TABLE) {
      throw new EnvironmentError([
        'LATCHKEY_TABLE is set but no Slack credentials are: sandbox mode runs wholly on this machine. Set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN) to run against a real workspace.',
      ]);
    }
    return { ...base, mode: 'sandbox', slack: undefined };
  }
  const problems: string[] = [];
  if (!e.SLACK_BOT_TOKEN) problems.push('SLACK_BOT_TOKEN is missing (the bot token, xoxb-…)');
  if (!e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET) {
    problems.push(
      'SLACK_SIGNING_SECRET is missing (needed in HTTP mode; set SLACK_APP_TOKEN for Socket Mode instead)',
    );
  }
  if (problems.length > 0) throw new EnvironmentError(problems);
  const botToken = e.SLACK_BOT_TOKEN!;
  const slack: Slack = e.SLACK_APP_TOKEN
    ? { kind: 'socket', botToken, appToken: e.SLACK_APP_TOKEN, apiUrl: e.SLACK_API_URL }
    : { kind: 'http', botToken, signingSecret: e.SLACK_SIGNING_SECRET!, apiUrl: e.SLACK_API_URL };
  return { ...base, mode: 'slack', slack };
}
