// The Bolt app: one listener module per kind, each with `register(app, ctx)`. The transport (HTTP, Socket
// Mode, Lambda) is the receiver's business; nothing here knows which one runs it.

import { App, type Logger as BoltLogger, LogLevel, type Receiver, SocketModeReceiver } from '@slack/bolt';
import type { Logger } from 'pino';
import { catchEscaped } from './boundary.js';
import { boundaryOf, type SlackContext } from './context.js';
import { register as registerCommand } from './listeners/access-command.js';
import { register as registerButtons } from './listeners/decision-buttons.js';
import { register as registerHome } from './listeners/home.js';
import { register as registerReactions } from './listeners/reactions.js';
import { register as registerModal } from './listeners/request-modal.js';

export type SlackTransport =
  | { kind: 'http'; signingSecret: string; port: number }
  | { kind: 'socket'; appToken: string }
  | { kind: 'receiver'; receiver: Receiver };

export interface SlackAppOptions {
  botToken: string;
  /** The Web API base: GovSlack, a proxy, or the simulated workspace. */
  apiUrl?: string | undefined;
  transport: SlackTransport;
  /** Lambda must finish its work before answering; a server answers first. */
  processBeforeResponse?: boolean;
  log: Logger;
}

/** Requests worked on at once after their acknowledgement; the rest wait their turn (see Limiter). */
export const POST_ACK_CONCURRENCY = 8;

/** Every listener, each behind the error boundary, and Bolt's error handler for what escapes them. */
export function registerListeners(app: App, ctx: SlackContext): void {
  for (const register of [registerCommand, registerButtons, registerReactions, registerModal, registerHome])
    register(app, ctx);
  catchEscaped(app, boundaryOf(ctx));
}

export function createBoltApp(options: SlackAppOptions): App {
  const { transport } = options;
  const common = {
    token: options.botToken,
    logger: boltLogger(options.log),
    // The error handler gets the request's body, so what escapes a listener is logged with its context.
    extendedErrorHandler: true,
    ...(options.apiUrl && { clientOptions: { slackApiUrl: options.apiUrl } }),
    ...(options.processBeforeResponse && { processBeforeResponse: true }),
  };
  if (transport.kind === 'socket') {
    // Built here rather than by `socketMode: true`, which would ask slack.com for the socket's address
    // whatever SLACK_API_URL says (GovSlack, a proxy).
    const receiver = new SocketModeReceiver({
      appToken: transport.appToken,
      logger: common.logger,
      ...(options.apiUrl && { installerOptions: { clientOptions: { slackApiUrl: options.apiUrl } } }),
    });
    return new App({ ...common, receiver });
  }
  if (transport.kind === 'receiver') return new App({ ...common, receiver: transport.receiver });
  return new App({ ...common, signingSecret: transport.signingSecret, port: transport.port });
}

/** Bolt logs through pino, so every line is structured and redacted the same way. */
export function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: 'bolt' });
  let level = LogLevel.INFO;
  const text = (parts: unknown[]) =>
    parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' ');
  return {
    debug: (...msg) => child.debug(text(msg)),
    info: (...msg) => child.info(text(msg)),
    warn: (...msg) => child.warn(text(msg)),
    error: (...msg) => child.error(text(msg)),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
