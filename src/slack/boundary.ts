// The error boundary of the Slack side. Every listener is wrapped by `guarded`: an error a person can act on
// (a refusal) is answered to that person where the listener says (ephemeral, a direct message…); a fault is
// logged with the request's context under a reference, and the person gets the reference. `catchEscaped`
// is Bolt's `app.error()`: whatever escapes a listener (Bolt's own authorization, an answer that could not
// be sent) is logged there, then left to the transport, which knows what a failed request means for it.

import type { App } from '@slack/bolt';
import type { Logger } from 'pino';
import { LatchkeyError } from '../core/errors.js';
import { newErrorRef } from '../core/ids.js';
import { wordingOf } from './error-text.js';

export interface BoundaryDeps {
  log: Logger;
  /** For the reference a fault is logged under. */
  random: (size: number) => Uint8Array;
}

/** Says something to the person a request came from, privately. */
export type Answer = (text: string) => Promise<unknown>;

export interface Where<Args> {
  /** Where the person hears about a refusal or a fault; absent where nobody is to be answered (reactions). */
  answer?: (args: Args) => Answer | undefined;
  /** What the log line says about the request: ids only, never the payload. */
  context: (args: Args) => Record<string, unknown>;
}

/**
 * An error that is not a failure of the listener and must reach the transport as it is: the worker's
 * acknowledgement throws it to stop a delivery that was already handled (lambda/slack-jobs.ts).
 */
export function passesThrough(error: unknown): boolean {
  return error instanceof LatchkeyError && error.code === 'delivery_already_handled';
}

/**
 * The listener, behind the boundary. A listener that fails before acknowledging is acknowledged here, so
 * Slack hears within its three seconds even then. An acknowledgement that itself fails is the transport's
 * business (the worker's gate refusing a repeat, or failing to record the delivery so that Lambda tries
 * again): it passes through untouched, to `catchEscaped` and the transport.
 */
export function guarded<Args extends object>(
  deps: BoundaryDeps,
  where: Where<Args>,
  listener: (args: Args) => Promise<unknown>,
): (args: Args) => Promise<void> {
  return async (args) => {
    const ack = (args as { ack?: (...a: unknown[]) => Promise<void> }).ack;
    let acked = false;
    const ackFailures = new Set<unknown>();
    const acknowledge = async (...a: unknown[]) => {
      acked = true;
      try {
        return await ack?.(...a);
      } catch (error) {
        ackFailures.add(error);
        throw error;
      }
    };
    try {
      await listener(ack ? { ...args, ack: acknowledge } : args);
    } catch (error) {
      if (passesThrough(error) || ackFailures.has(error)) throw error;
      if (ack && !acked) await acknowledge();
      await answerError(deps, error, where.context(args), where.answer?.(args));
    }
  };
}

/** The text for an error, logged as it deserves; said to the person when there is somewhere to say it. */
export async function answerError(
  deps: BoundaryDeps,
  error: unknown,
  context: Record<string, unknown>,
  answer: Answer | undefined,
): Promise<void> {
  const text = textFor(deps, error, context);
  if (!answer) return;
  try {
    await answer(text);
  } catch (answerFailure) {
    deps.log.error(
      { ...context, err: answerFailure, answering: codeOf(error) },
      'could not answer the person',
    );
  }
}

function textFor(deps: BoundaryDeps, error: unknown, context: Record<string, unknown>): string {
  const wording = error instanceof LatchkeyError ? wordingOf(error) : undefined;
  if (wording && !wording.fault) {
    deps.log.info({ ...context, code: codeOf(error) }, 'refused a Slack request');
    return `:warning: ${wording.text}`;
  }
  const ref = newErrorRef(deps.random);
  if (wording) {
    deps.log.warn({ ...context, errorRef: ref, err: error }, 'could not handle a Slack request');
    return `:warning: ${wording.text} (error \`${codeOf(error)}\`, ref \`${ref}\` in Latchkey's logs)`;
  }
  deps.log.error(
    { ...context, errorRef: ref, err: error },
    'unexpected error while handling a Slack request',
  );
  return `:boom: Something went wrong on Latchkey’s side (ref \`${ref}\` in Latchkey's logs). Try again, and tell your platform team if it keeps happening.`;
}

const codeOf = (error: unknown) => (error instanceof LatchkeyError ? error.code : 'internal_error');

/**
 * Bolt's last resort: logs what escaped a listener with what the request was (never its payload), then
 * rejects again so the transport answers as it does for a failed request — the HTTP receiver with a 500 if
 * nothing was acknowledged, the Lambda worker by letting the job be retried before it was recorded.
 */
export function catchEscaped(app: App, deps: BoundaryDeps): void {
  app.error(async ({ error, body }: { error: Error; body: unknown }) => {
    if (!passesThrough(error)) {
      const ref = newErrorRef(deps.random);
      deps.log.error({ ...requestContext(body), errorRef: ref, err: error }, 'a Slack request failed');
    }
    throw error;
  });
}

/** Which request it was, from its body: the kind, the person, and what they acted on. */
export function requestContext(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null) return {};
  const b = body as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const obj = (v: unknown) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});
  const event = obj(b.event);
  const action = Array.isArray(b.actions) ? obj(b.actions[0]) : {};
  const context: Record<string, unknown> = {
    type: text(b.type) ?? (text(b.command) ? 'slash_command' : undefined),
    command: text(b.command),
    event: text(event.type),
    action: text(action.action_id),
    view: text(obj(b.view).callback_id),
    user: text(b.user_id) ?? text(obj(b.user).id) ?? text(event.user),
  };
  return Object.fromEntries(Object.entries(context).filter(([, v]) => v !== undefined));
}
