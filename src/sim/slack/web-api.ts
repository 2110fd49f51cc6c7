// The Web API: `POST /api/<method>` answered as slack.com/api answers it. Form and JSON bodies, the token
// from the Authorization header (or the form's `token` field), Slack's `{ok:false,error}` failures with
// HTTP 200, and HTTP 429 with Retry-After when a test has asked for a rate limit.

import { z } from 'zod';
import type { ApiContext, Args, MethodHandler } from './api-args.js';
import { chatMethods } from './api-chat.js';
import { conversationMethods } from './api-conversations.js';
import { peopleMethods } from './api-people.js';
import { viewMethods } from './api-views.js';
import { SlackApiError } from './errors.js';
import { jsonResponse } from './http.js';
import { type RateLimits, TierLimits } from './rate-limits.js';

export interface ApiCall {
  method: string;
  args: Args;
  /** What the method answered; rate-limited calls have `error: "ratelimited"`. */
  response: Record<string, unknown>;
}

const methods: Record<string, MethodHandler> = {
  ...peopleMethods,
  ...chatMethods,
  ...viewMethods,
  ...conversationMethods,
};

export const SIMULATED_METHODS = Object.keys(methods);

const jsonBody = z.record(z.string(), z.unknown());

class BadRequest extends Error {}

function parseBody(type: string, raw: string): { args: Args; bodyToken?: string } {
  if (raw.length === 0) return { args: {} };
  if (type === 'application/json') {
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw new BadRequest('invalid_json');
    }
    const parsed = jsonBody.safeParse(value);
    if (!parsed.success) throw new BadRequest('invalid_json');
    // Slack ignores a token inside a JSON body: JSON calls must authenticate with the header.
    const { token: _ignored, ...args } = parsed.data;
    return { args };
  }
  if (type === 'application/x-www-form-urlencoded' || type === '') {
    const { token, ...args } = Object.fromEntries(new URLSearchParams(raw));
    return token === undefined ? { args } : { args, bodyToken: token };
  }
  throw new BadRequest('invalid_post_type');
}

export class WebApi {
  readonly calls: ApiCall[] = [];

  constructor(
    private readonly ctx: ApiContext,
    private readonly botToken: string,
    private readonly rateLimits: RateLimits,
    private readonly tiers: TierLimits = new TierLimits(),
  ) {}

  async handle(method: string, req: Request): Promise<Response> {
    const raw = await req.text();
    const url = new URL(req.url);
    const type = (req.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    let parsed: { args: Args; bodyToken?: string };
    try {
      parsed = parseBody(type, raw);
    } catch (error) {
      const code = error instanceof BadRequest ? error.message : 'invalid_form_data';
      return jsonResponse({ ok: false, error: code });
    }
    const args: Args = { ...Object.fromEntries(url.searchParams), ...parsed.args };
    delete args.token;
    const retryAfter = this.rateLimits.take(method) ?? this.tiers.take(method);
    if (retryAfter !== undefined) {
      const response = { ok: false, error: 'ratelimited' };
      this.calls.push({ method, args, response });
      return jsonResponse(response, 429, { 'retry-after': String(retryAfter) });
    }
    const response = this.answer(
      method,
      args,
      this.tokenOf(req, parsed.bodyToken ?? url.searchParams.get('token')),
    );
    this.calls.push({ method, args, response });
    return jsonResponse(response);
  }

  private tokenOf(req: Request, fallback: string | null | undefined): string | undefined {
    const header = req.headers.get('authorization');
    const bearer = header?.match(/^Bearer\s+(.+)$/i)?.[1];
    return bearer ?? fallback ?? undefined;
  }

  private answer(method: string, args: Args, token: string | undefined): Record<string, unknown> {
    const handler = methods[method];
    if (!handler) return { ok: false, error: 'unknown_method', req_method: method };
    if (!token) return { ok: false, error: 'not_authed' };
    if (token !== this.botToken) return { ok: false, error: 'invalid_auth' };
    try {
      return { ok: true, ...handler(args, this.ctx) };
    } catch (error) {
      if (error instanceof SlackApiError) {
        return error.messages.length
          ? { ok: false, error: error.code, response_metadata: { messages: error.messages } }
          : { ok: false, error: error.code };
      }
      throw error;
    }
  }
}
