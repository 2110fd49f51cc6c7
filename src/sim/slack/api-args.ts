// Argument parsing shared by the Web API methods. @slack/web-api sends form fields, with nested values
// (blocks, view) JSON-encoded as strings; JSON bodies carry them as they are. Both arrive here as one
// record and are read with zod.

import { z } from 'zod';
import { SlackApiError } from './errors.js';
import type { Triggers } from './triggers.js';
import type { Json } from './types.js';
import type { Workspace } from './workspace.js';

export type Args = Record<string, unknown>;

export interface ApiContext {
  workspace: Workspace;
  triggers: Triggers;
}

export type MethodHandler = (args: Args, ctx: ApiContext) => Record<string, unknown>;

const jsonValue: z.ZodType<Json> = z.lazy(() =>
  z.union([
    z.null(),
    z.boolean(),
    z.number(),
    z.string(),
    z.array(jsonValue),
    z.record(z.string(), jsonValue),
  ]),
);

function decodeJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export const jsonArg = jsonValue;
export const blocksArg = z.preprocess(decodeJson, z.array(jsonValue));
export const objectArg = z.preprocess(decodeJson, z.record(z.string(), jsonValue));
export const boolArg = z.preprocess((v) => v === true || v === 'true' || v === '1' || v === 1, z.boolean());
// Slack answers a missing channel the same way as an unknown one.
export const channelArg = z.string().default('');

export function parseArgs<T extends z.ZodType>(schema: T, args: Args): z.infer<T> {
  const parsed = schema.safeParse(args);
  if (parsed.success) return parsed.data;
  if (parsed.error.issues.some((issue) => issue.path[0] === 'blocks')) {
    throw new SlackApiError('invalid_blocks_format');
  }
  throw new SlackApiError(
    'invalid_arguments',
    parsed.error.issues.map((issue) => `[ERROR] ${issue.message} [json-pointer:/${issue.path.join('/')}]`),
  );
}
