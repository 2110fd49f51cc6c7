// A stand-in for the Lambda service's Invoke API, on the wire as the service speaks it (restJson1):
// `POST /2015-03-31/functions/{FunctionName}/invocations`, the function by name, full ARN or partial ARN
// (URL-encoded in the path), the invocation type in `X-Amz-Invocation-Type` and the event as the body.
// `Event` answers 202 with no body and runs the handler afterwards, in this process; `RequestResponse`
// answers 200 with the result (or `X-Amz-Function-Error: Unhandled` and the error); `DryRun` answers 204.
// An unknown function is a 404 ResourceNotFoundException. Every invocation is recorded with a promise of
// its outcome, so tests can wait for the work a function queued. Lambda's own retries of a failed
// asynchronous invocation are not played: a failure is recorded, and a test replays it if it wants to.

import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Context } from 'aws-lambda';
import {
  accessKeyOf,
  authorizeOperation,
  type Iam,
  lambdaAuthorization,
  restJsonDenial,
} from '../../../src/sim/iam/index.js';
import { ACCOUNT, functionArn, lambdaContext, REGION } from './context.js';
import { type Listening, listen, readBody } from './http.js';

export type FunctionHandler = (event: unknown, context: Context) => Promise<unknown>;
export type InvocationType = 'Event' | 'RequestResponse' | 'DryRun';

export interface Outcome {
  ok: boolean;
  result?: unknown;
  error?: Error;
}

export interface Invocation {
  functionName: string;
  type: InvocationType;
  event: unknown;
  requestId: string;
  /** Settles when the handler has finished; never rejects. */
  done: Promise<Outcome>;
  outcome?: Outcome;
}

export interface LambdaDouble extends Listening {
  invocations: Invocation[];
  /** Deploys (or replaces) the handler behind a function name. */
  deploy(name: string, handler: FunctionHandler): void;
  /** Waits until every invocation, including those started meanwhile, has finished. */
  idle(): Promise<void>;
}

const PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;
const TYPES: readonly string[] = ['Event', 'RequestResponse', 'DryRun'] satisfies InvocationType[];

/** `name`, `name:qualifier`, `123456789012:function:name[:qualifier]` or the full ARN. */
export function functionNameOf(identifier: string): { name: string; account?: string; region?: string } {
  const parts = identifier.split(':');
  if (parts[0] === 'arn') return { name: parts[6] ?? '', account: parts[4] ?? '', region: parts[3] ?? '' };
  if (parts[1] === 'function') return { name: parts[2] ?? '', account: parts[0] ?? '' };
  return { name: parts[0] ?? '' };
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body = ''): void {
  res.writeHead(status, { 'x-amzn-requestid': randomUUID(), ...headers });
  res.end(body);
}

function fail(res: ServerResponse, status: number, type: string, message: string): void {
  send(
    res,
    status,
    { 'content-type': 'application/json', 'x-amzn-errortype': type },
    JSON.stringify({ Type: 'User', message }),
  );
}

/** With `iam`, every Invoke is authorized (`lambda:InvokeFunction`) for the key that signed it. */
export async function startLambdaService(options: { iam?: Iam } = {}): Promise<LambdaDouble> {
  const functions = new Map<string, FunctionHandler>();
  const invocations: Invocation[] = [];

  const run = (invocation: Invocation, handler: FunctionHandler): Promise<Outcome> =>
    Promise.resolve()
      .then(() => handler(invocation.event, lambdaContext(invocation.functionName)))
      .then(
        (result): Outcome => ({ ok: true, result }),
        (error: unknown): Outcome => ({
          ok: false,
          error: error instanceof Error ? error : new Error(String(error)),
        }),
      )
      .then((outcome) => {
        invocation.outcome = outcome;
        return outcome;
      });

  const listening = await listen(async (req, res) => {
    const body = await readBody(req);
    const match = PATH.exec(new URL(req.url ?? '/', 'http://lambda').pathname);
    if (req.method !== 'POST' || !match?.[1]) {
      return fail(res, 404, 'UnknownOperationException', 'Unknown operation');
    }
    const identifier = decodeURIComponent(match[1]);
    const { name, account, region } = functionNameOf(identifier);
    if (options.iam) {
      const qualifier = new URL(req.url ?? '/', 'http://lambda').searchParams.get('Qualifier');
      const auth = authorizeOperation(options.iam, lambdaAuthorization, {
        operation: 'Invoke',
        input: { FunctionName: name, ...(qualifier && { Qualifier: qualifier }) },
        accessKeyId: accessKeyOf(req.headers.authorization),
        context: { region: REGION, accountId: ACCOUNT },
      });
      if (!auth.allowed) {
        const denial = restJsonDenial(auth.denial);
        return send(res, denial.status, denial.headers, denial.body);
      }
    }
    const handler = functions.get(name);
    if (!handler || (account !== undefined && account !== ACCOUNT) || (region && region !== REGION)) {
      return fail(res, 404, 'ResourceNotFoundException', `Function not found: ${functionArn(name)}`);
    }
    const type = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
    if (!TYPES.includes(type)) {
      return fail(
        res,
        400,
        'InvalidParameterValueException',
        `1 validation error detected: Value '${type}' at 'invocationType' failed to satisfy constraint`,
      );
    }
    let event: unknown;
    try {
      event = body.length > 0 ? JSON.parse(body.toString('utf8')) : {};
    } catch {
      return fail(res, 400, 'InvalidRequestContentException', 'Could not parse request body into json');
    }
    if (type === 'DryRun') return send(res, 204, {});

    const requestId = randomUUID();
    const invocation: Invocation = {
      functionName: name,
      type: type as InvocationType,
      event,
      requestId,
      done: Promise.resolve({ ok: true }),
    };
    invocations.push(invocation);
    if (type === 'Event') {
      // Queued: the caller has its answer before the function runs.
      let start: () => void = () => undefined;
      const started = new Promise<void>((resolve) => {
        start = resolve;
      });
      invocation.done = started.then(() => run(invocation, handler));
      send(res, 202, { 'x-amzn-requestid': requestId });
      res.once('finish', () => setImmediate(start));
      return;
    }
    invocation.done = run(invocation, handler);
    const outcome = await invocation.done;
    const headers = { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' };
    if (outcome.ok) return send(res, 200, headers, JSON.stringify(outcome.result ?? null));
    const error = outcome.error ?? new Error('unknown');
    send(
      res,
      200,
      { ...headers, 'x-amz-function-error': 'Unhandled' },
      JSON.stringify({ errorType: error.name, errorMessage: error.message, trace: [] }),
    );
  });

  return {
    ...listening,
    invocations,
    deploy: (name, handler) => {
      functions.set(name, handler);
    },
    async idle() {
      for (;;) {
        const pending = invocations.filter((i) => !i.outcome);
        if (pending.length === 0) return;
        await Promise.all(pending.map((i) => i.done));
      }
    },
  };
}
