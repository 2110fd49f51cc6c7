// The worker's side of a Slack request: the Bolt app with every listener, fed the request the Slack handler
// verified and acknowledged. The listeners run as they do in `serve`. Slack has had its answer, so `ack`
// sends nothing: it is the gate that lets a delivery through once (see `run`). Bolt normally asks Slack who the bot is (`auth.test`) before the first listener runs; here
// that would spend the three seconds a form's trigger lasts, so only the listeners that need the bot's user
// id (reactions, on events) wait for it, once per container.

import { App, type AuthorizeResult, type Receiver } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { LatchkeyError } from '../core/errors.js';
import { boltLogger } from '../slack/app.js';
import type { SlackJob } from './jobs.js';

/** Bolt's transport for requests that arrive as worker jobs: there is nothing to listen on. */
class JobReceiver implements Receiver {
  init(): void {}
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}

/** The delivery was acted on before (Slack's retry, Lambda's retry or duplicate): nothing is done again. */
export class DeliveryAlreadyHandled extends LatchkeyError {
  readonly code = 'delivery_already_handled';
  constructor(readonly key: string) {
    super(`Slack delivery ${key} was already handled`);
  }
}

export interface SlackJobRunner {
  app: App;
  /**
   * Runs the listeners on the job's request. `remember` records the delivery and says whether this is its
   * first run; every listener acknowledges before its work, and the acknowledgement calls it (once), waits
   * for it and stops a repeat there. Nothing is recorded until a listener acknowledges, so a run that fails
   * before (Slack unreachable while Bolt asks who the bot is) is tried again by Lambda. A listener that
   * must act while the acknowledgement waits (opening a form on a trigger that lasts 3 s) may, because
   * Slack accepts a trigger once. Resolves quietly for a repeat.
   */
  run(job: SlackJob, remember: () => Promise<boolean>): Promise<void>;
}

const isRepeat = (error: unknown): boolean =>
  error instanceof DeliveryAlreadyHandled ||
  (error instanceof Error &&
    'originals' in error &&
    Array.isArray(error.originals) &&
    error.originals.every(isRepeat));

export function createSlackJobRunner(options: {
  botToken: string;
  apiUrl?: string | undefined;
  log: Logger;
}): SlackJobRunner {
  const clientOptions = options.apiUrl ? { slackApiUrl: options.apiUrl } : {};
  let botUser: Promise<string | undefined> | undefined;
  const botUserId = () => {
    botUser ??= new WebClient(options.botToken, clientOptions).auth.test().then(
      (who) => who.user_id,
      (error: unknown) => {
        botUser = undefined;
        throw error;
      },
    );
    return botUser;
  };
  const authorize = async (_source: unknown, body?: unknown): Promise<AuthorizeResult> => {
    const isEvent = (body as { type?: unknown } | undefined)?.type === 'event_callback';
    return { botToken: options.botToken, ...(isEvent && { botUserId: await botUserId() }) };
  };
  const app = new App({
    authorize,
    receiver: new JobReceiver(),
    logger: boltLogger(options.log),
    clientOptions,
    // As in serve (slack/app.ts): the error handler gets the request's body for its log line.
    extendedErrorHandler: true,
  });
  return {
    app,
    async run(job, remember) {
      let first: Promise<boolean> | undefined;
      const gate = async () => {
        first ??= remember();
        if (!(await first)) throw new DeliveryAlreadyHandled(job.key);
      };
      try {
        await app.processEvent({
          body: job.body,
          ack: gate,
          ...(job.retryNum !== undefined && { retryNum: job.retryNum }),
          ...(job.retryReason !== undefined && { retryReason: job.retryReason }),
        });
      } catch (error) {
        if (!isRepeat(error)) throw error;
        options.log.info({ key: job.key, retryNum: job.retryNum }, 'Slack delivery already handled');
      } finally {
        // The record is written before the function returns and is frozen, whatever the listener did. Its
        // failure was met already by the gate (it rejected there, and the run with it): nothing is hidden.
        await first?.catch(() => undefined);
      }
    },
  };
}
