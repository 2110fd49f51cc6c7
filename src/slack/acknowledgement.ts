// What Slack gets back at once for each request it sends, decided from the request and the config alone:
// no store, no Slack Web API, no Identity Center. The listeners acknowledge with these answers in `serve`,
// and the Lambda handler answers with them before handing the rest of the listener's work to the worker,
// so both paths say the same thing and the acknowledgement never waits on anything downstream.

import type { PlainTextOption } from '@slack/types';
import { parseAccessCommand } from '../core/command.js';
import { InvalidDuration, MissingReason, ReasonNotAccepted, StartNotAccepted } from '../core/errors.js';
import { assertReasonAccepted, normaliseReason, parseRequestDuration } from '../core/request-input.js';
import { assertStartAccepted } from '../core/start-time.js';
import type { Catalogue } from '../service/catalogue.js';
import type { Decision } from '../service/decisions.js';
import { plainWordingOf } from './error-text.js';
import {
  ACCOUNTS_ACTION,
  entitlementOption,
  FIELD,
  offeredIn,
  REQUEST_VIEW,
  readSubmission,
} from './modal.js';
import { HELP, problemText } from './replies.js';

export interface Acknowledgement {
  /** The body of Slack's 200 answer; none for an empty acknowledgement. */
  body?: Record<string, unknown>;
  /** Whether a listener still has work to do once Slack has its answer. */
  work: boolean;
}

export interface AckSettings {
  catalogue: Catalogue;
  approveReaction: string;
  denyReaction: string;
}

/** The answer to `/access <text>` when the text alone settles it (help, a typo); undefined otherwise. */
export function commandAnswer(text: string): Record<string, unknown> | undefined {
  const parsed = parseAccessCommand(text);
  if (parsed.kind === 'help') return { response_type: 'ephemeral', text: HELP };
  if (parsed.kind === 'invalid')
    return { response_type: 'ephemeral', text: `:warning: ${problemText(parsed.problem)}` };
  return undefined;
}

export interface ReactionEvent {
  reaction: string;
  item: { type: string; channel?: string; ts?: string };
}

/** The decision a reaction stands for, or undefined when it is none (another emoji, not on a message). */
export function reactionDecision(
  kind: 'added' | 'removed',
  event: ReactionEvent,
  reactions: Pick<AckSettings, 'approveReaction' | 'denyReaction'>,
): Decision | undefined {
  const { channel, ts } = event.item;
  if (event.item.type !== 'message' || !channel || !ts) return undefined;
  if (event.reaction === reactions.approveReaction) return kind === 'added' ? 'approve' : 'withdraw';
  if (event.reaction === reactions.denyReaction && kind === 'added') return 'deny';
  return undefined;
}

/**
 * Field errors for a submitted request form, shown inside the form; undefined when it may go ahead. The
 * entitlement must be one the form offered (the form records them); the request made afterwards checks
 * again, against the directory, that the person may ask for it.
 */
export function submissionErrors(
  view: { state?: unknown; private_metadata?: string },
  catalogue: Catalogue,
  now: number,
): Record<string, string> | undefined {
  const submitted = readSubmission(view);
  const errors: Record<string, string> = {};
  const offered = offeredIn(view);
  const entitlement =
    offered && !offered.includes(submitted.entitlementId)
      ? undefined
      : catalogue.find(submitted.entitlementId);
  if (!entitlement) errors[FIELD.entitlement] = 'Pick something you may request.';
  else {
    try {
      parseRequestDuration(entitlement, submitted.duration);
    } catch (error) {
      if (error instanceof InvalidDuration) errors[FIELD.duration] = plainWordingOf(error);
      else throw error;
    }
  }
  try {
    const reason = normaliseReason(submitted.reason);
    if (entitlement) assertReasonAccepted(entitlement, reason);
  } catch (error) {
    if (error instanceof MissingReason || error instanceof ReasonNotAccepted)
      errors[FIELD.reason] = plainWordingOf(error);
    else throw error;
  }
  if (submitted.startAt !== undefined) {
    try {
      const start = new Date(submitted.startAt).toISOString();
      assertStartAccepted(submitted.startAt, now, catalogue.limits.maxLeadTimeSec, start);
    } catch (error) {
      if (error instanceof StartNotAccepted) errors[FIELD.start] = plainWordingOf(error);
      else throw error;
    }
  }
  if (submitted.accounts.length > 0) {
    const prefix = `${submitted.entitlementId}:`;
    if (!entitlement?.accounts || submitted.accounts.some((v) => !v.startsWith(prefix)))
      errors[FIELD.accounts] =
        `Pick accounts of ${submitted.entitlementId || 'the entitlement'} only, or none for all of them.`;
  }
  return Object.keys(errors).length > 0 ? errors : undefined;
}

/** The entitlement search of a large form: what it offered that matches what was typed. */
export function suggestions(
  typed: string,
  view: { private_metadata?: string } | undefined,
  catalogue: Catalogue,
): { options: PlainTextOption[] } {
  const offered = view ? offeredIn(view) : undefined;
  const needle = typed.toLowerCase();
  const matches = catalogue.entitlements
    .filter((e) => !offered || offered.includes(e.id))
    .filter((e) => `${e.id} ${e.description}`.toLowerCase().includes(needle))
    .slice(0, 100);
  return { options: matches.map(entitlementOption) };
}

type Body = Record<string, unknown>;
const record = (value: unknown): Body => (typeof value === 'object' && value !== null ? (value as Body) : {});
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * The acknowledgement for any request Slack sends, as Bolt parses it (a slash command's form fields, an
 * interaction's payload, an Events API envelope). A request no rule here knows is acknowledged empty and
 * its listener, if any, runs afterwards: only listeners whose answer carries content need a rule.
 */
export function acknowledge(body: Body, settings: AckSettings, now: number): Acknowledgement {
  if (body.ssl_check !== undefined) return { work: false };
  if (body.type === 'url_verification') return { body: { challenge: body.challenge }, work: false };
  if (typeof body.command === 'string') {
    const answer = body.command === '/access' ? commandAnswer(String(body.text ?? '')) : undefined;
    return answer ? { body: answer, work: false } : { work: true };
  }
  if (body.type === 'event_callback') {
    const event = record(body.event);
    if (event.type === 'reaction_added' || event.type === 'reaction_removed') {
      const kind = event.type === 'reaction_added' ? 'added' : 'removed';
      const item = record(event.item);
      const reaction = {
        reaction: String(event.reaction ?? ''),
        item: { type: String(item.type ?? ''), channel: text(item.channel), ts: text(item.ts) },
      };
      return { work: reactionDecision(kind, reaction, settings) !== undefined };
    }
    return { work: true };
  }
  if (body.type === 'view_submission') {
    const view = record(body.view);
    if (view.callback_id !== REQUEST_VIEW) return { work: true };
    const errors = submissionErrors(view, settings.catalogue, now);
    return errors ? { body: { response_action: 'errors', errors }, work: false } : { work: true };
  }
  if (body.type === 'block_suggestion' && body.action_id === ACCOUNTS_ACTION) {
    // Listing an entitlement's accounts asks AWS Organizations: not something an acknowledgement may wait
    // on. The handler offers none; without a pick the request covers all of the entitlement's accounts.
    return { body: { option_groups: [] }, work: false };
  }
  if (body.type === 'block_suggestion') {
    const view = body.view === undefined ? undefined : record(body.view);
    return { body: suggestions(String(body.value ?? ''), view, settings.catalogue), work: false };
  }
  return { work: true };
}
