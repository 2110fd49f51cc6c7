// The Slack side's error boundary: a refusal reaches the person who caused it, a fault is logged with the
// request's context and the person gets a reference, and nothing escapes unlogged — what gets past a
// listener is logged by Bolt's error handler before the transport sees it.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { App, type Receiver } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/bundle.js';
import { GrantNotFound, IdentityCenterUnavailable } from '../../src/core/errors.js';
import { DeliveryAlreadyHandled } from '../../src/lambda/slack-jobs.js';
import { createLogger } from '../../src/runtime/logger.js';
import { boltLogger } from '../../src/slack/app.js';
import { type BoundaryDeps, catchEscaped, guarded, type Where } from '../../src/slack/boundary.js';

interface LogLine {
  level: number;
  msg: string;
  errorRef?: string;
  err?: { message: string };
  [key: string]: unknown;
}

const ERROR = 50;
const WARN = 40;

/** A logger whose lines the test reads, and the boundary's other needs. */
function boundary(): BoundaryDeps & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  let n = 0;
  return {
    lines,
    log: createLogger('debug', stream),
    random: (size) => new Uint8Array(size).fill(++n),
  };
}

interface Args {
  ack: () => Promise<void>;
  user: string;
}

/** A request from U0ALICE, its acknowledgements and answers recorded. */
function request() {
  const acks: number[] = [];
  const answers: string[] = [];
  const args: Args = {
    ack: async () => {
      acks.push(Date.now());
    },
    user: 'U0ALICE',
  };
  const where: Where<Args> = {
    answer: () => async (text) => {
      answers.push(text);
    },
    context: (a) => ({ user: a.user, command: 'revoke' }),
  };
  return { acks, answers, args, where };
}

describe('Function: guarded', () => {
  it('answers a refusal to the person, in its own words, and logs no error', async () => {
    // Prepare
    const deps = boundary();
    const { answers, args, where } = request();

    // Act
    await guarded(deps, where, async ({ ack }: Args) => {
      await ack();
      throw new GrantNotFound('g-zzzzzzzz');
    })(args);

    // Assess
    expect(answers).toEqual([':warning: There is no grant g-zzzzzzzz.']);
    expect(deps.lines.filter((l) => l.level >= WARN)).toEqual([]);
    expect(deps.lines).toContainEqual(
      expect.objectContaining({ code: 'grant_not_found', user: 'U0ALICE', msg: 'refused a Slack request' }),
    );
  });

  it('logs an unexpected error with the request’s context, and gives the person a generic message with its reference', async () => {
    const deps = boundary();
    const { answers, args, where } = request();

    await guarded(deps, where, async ({ ack }: Args) => {
      await ack();
      throw new TypeError('Cannot read properties of undefined');
    })(args);

    const logged = deps.lines.filter((l) => l.level === ERROR);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      user: 'U0ALICE',
      command: 'revoke',
      err: { message: 'Cannot read properties of undefined' },
    });
    expect(logged[0]?.errorRef).toMatch(/^e-[a-z0-9]{8}$/);
    expect(answers).toHaveLength(1);
    expect(answers[0]).toContain('Something went wrong on Latchkey’s side');
    expect(answers[0]).toContain(`ref \`${logged[0]?.errorRef}\``);
    expect(answers[0]).not.toContain('Cannot read properties');
  });

  it('tells the person about a fault of AWS in its words, with the code and the reference it is logged under', async () => {
    const deps = boundary();
    const { answers, args, where } = request();

    await guarded(deps, where, async () => {
      throw new IdentityCenterUnavailable('ThrottlingException', 'Rate exceeded');
    })(args);

    const logged = deps.lines.filter((l) => l.level === WARN);
    expect(logged).toHaveLength(1);
    expect(answers).toEqual([
      `:warning: Identity Center is busy or failing right now (\`ThrottlingException\`). Try again in a moment. (error \`identity_center_unavailable\`, ref \`${logged[0]?.errorRef}\` in Latchkey's logs)`,
    ]);
    expect(answers[0]).not.toContain('Rate exceeded');
  });

  it('acknowledges a request whose listener failed before it did, so Slack hears within its three seconds', async () => {
    const deps = boundary();
    const { acks, args, where } = request();

    await guarded(deps, where, async () => {
      throw new Error('failed before the acknowledgement');
    })(args);

    expect(acks).toHaveLength(1);
  });

  it('acknowledges once when the listener did', async () => {
    const deps = boundary();
    const { acks, args, where } = request();

    await guarded(deps, where, async ({ ack }: Args) => {
      await ack();
      throw new Error('after');
    })(args);

    expect(acks).toHaveLength(1);
  });

  it('logs an answer that could not be sent, rather than letting it escape', async () => {
    const deps = boundary();
    const { args } = request();
    const where: Where<Args> = {
      answer: () => async () => {
        throw new Error('channel_not_found');
      },
      context: (a) => ({ user: a.user }),
    };

    await guarded(deps, where, async () => {
      throw new GrantNotFound('g-zzzzzzzz');
    })(args);

    expect(deps.lines).toContainEqual(
      expect.objectContaining({
        level: ERROR,
        msg: 'could not answer the person',
        user: 'U0ALICE',
        err: expect.objectContaining({ message: 'channel_not_found' }),
      }),
    );
  });

  it('logs a refusal where nobody is to be answered (a reaction), and tells no one', async () => {
    const deps = boundary();
    const where: Where<Args> = { context: (a) => ({ user: a.user }) };

    await guarded(deps, where, async () => {
      throw new GrantNotFound('g-zzzzzzzz');
    })(request().args);

    expect(deps.lines).toContainEqual(expect.objectContaining({ code: 'grant_not_found', user: 'U0ALICE' }));
  });

  it('lets a failed acknowledgement through untouched: it is the transport’s to handle', async () => {
    const deps = boundary();
    const { answers, where } = request();
    const refused = new DeliveryAlreadyHandled('event:Ev1');
    const unrecorded = new Error('the store is unreachable');
    const args = (failure: Error): Args => ({
      user: 'U0ALICE',
      ack: async () => {
        throw failure;
      },
    });
    const listener = guarded(deps, where, async ({ ack }: Args) => {
      await ack();
    });

    await expect(listener(args(refused))).rejects.toBe(refused);
    await expect(listener(args(unrecorded))).rejects.toBe(unrecorded);
    expect(answers).toEqual([]);
  });
});

/** Bolt without a transport: the test hands it requests as a receiver would. */
class NoReceiver implements Receiver {
  init(): void {}
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}

const COMMAND = {
  command: '/access',
  text: 'list',
  user_id: 'U0ALICE',
  channel_id: 'C0GENERAL',
  team_id: 'T0LATCHKEY',
  trigger_id: '1.2.3',
  response_url: 'https://hooks.slack.invalid/commands/1',
};

describe('Function: catchEscaped', () => {
  it('logs what escapes the listeners with the request’s context, and hands it on to the transport', async () => {
    const deps = boundary();
    const app = new App({
      receiver: new NoReceiver(),
      authorize: async () => {
        throw new Error('auth.test: service unavailable');
      },
      logger: boltLogger(deps.log),
      extendedErrorHandler: true,
    });
    catchEscaped(app, deps);

    await expect(app.processEvent({ body: COMMAND, ack: async () => undefined })).rejects.toThrow(
      'service unavailable',
    );

    const logged = deps.lines.filter((l) => l.level === ERROR && l.msg === 'a Slack request failed');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ command: '/access', user: 'U0ALICE', type: 'slash_command' });
    expect(logged[0]?.errorRef).toMatch(/^e-/);
    // Ids only: the payload itself (a response_url is a credential for a while) is not logged.
    expect(JSON.stringify(deps.lines)).not.toContain('hooks.slack.invalid');
  });

  it('hands on a delivery already handled without logging it as a failure', async () => {
    const deps = boundary();
    const app = new App({
      receiver: new NoReceiver(),
      authorize: async () => ({ botToken: 'xoxb-test' }),
      logger: boltLogger(deps.log),
      extendedErrorHandler: true,
    });
    app.command(
      '/access',
      guarded<{ ack: () => Promise<void> }>(deps, { context: () => ({}) }, async ({ ack }) => {
        await ack();
      }),
    );
    catchEscaped(app, deps);
    const repeat = new DeliveryAlreadyHandled('trigger:1.2.3');

    await expect(
      app.processEvent({
        body: COMMAND,
        ack: async () => {
          throw repeat;
        },
      }),
    ).rejects.toBe(repeat);

    expect(deps.lines.filter((l) => l.level >= ERROR && l.msg === 'a Slack request failed')).toEqual([]);
  });
});

describe('the listeners', () => {
  const folder = join(REPO_ROOT, 'src/slack/listeners');
  const listeners = readdirSync(folder)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: f, text: readFileSync(join(folder, f), 'utf8') }));

  it.each(listeners.map((l) => [l.file, l.text]))(
    '%s registers every listener behind the boundary, with no error handling of its own',
    (_file, text) => {
      const registered = text.match(/\bapp\.(command|action|view|event|options)\b/g) ?? [];
      const behindTheBoundary = text.match(/\bguarded\(/g) ?? [];

      expect(registered.length).toBeGreaterThan(0);
      expect(behindTheBoundary).toHaveLength(registered.length);
      expect(text).not.toMatch(/\btry\s*\{|\.catch\(/);
    },
  );

  it.each(listeners.map((l) => [l.file, l.text]))('%s asks the services, never the store', (_file, text) => {
    expect(text).not.toMatch(/\.store\b/);
  });
});
