// A Lambda function URL on loopback: each HTTP request becomes the event a function URL hands its function
// (payload format 2.0: `rawPath`, `rawQueryString`, lower-case `headers` with repeated values joined by
// commas, `cookies` apart, `requestContext.http`), and the handler's result becomes the HTTP answer. As on
// AWS, a body that is not text (a form, for one: Slack's slash commands and interactions) arrives
// base64-encoded with `isBase64Encoded: true`. Every event is kept so a test can deliver it again.

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context, LambdaFunctionURLEvent } from 'aws-lambda';
import { lambdaContext, REGION } from './context.js';
import { type Listening, listen, readBody } from './http.js';

export type UrlHandler = (event: LambdaFunctionURLEvent, context: Context) => Promise<unknown>;

export interface FunctionUrl extends Listening {
  events: LambdaFunctionURLEvent[];
  /** How long the function took to answer each request, in milliseconds, in the order they came. */
  durations: number[];
  /** What the handler threw, for the 502s. */
  errors: unknown[];
  /** Runs the handler on an event, as the URL does for a request. */
  invoke(event: LambdaFunctionURLEvent): Promise<unknown>;
}

const URL_ID = 'a1b2c3d4e5f6g7h8i9j0klmnopqrstuv';
const DOMAIN = `${URL_ID}.lambda-url.${REGION}.on.aws`;

/** Function URLs pass text through as is and base64-encode every other body. */
export function isText(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return (
    type.startsWith('text/') ||
    /^application\/([\w.+-]+\+)?(json|xml|javascript)$/.test(type) ||
    type === 'application/yaml'
  );
}

/** An Apache-style time, as in `requestContext.time`: `12/Mar/2020:19:03:58 +0000`. */
function clfTime(date: Date): string {
  const [, day, month, year, time] = date.toUTCString().split(' ');
  return `${day}/${month}/${year}:${time} +0000`;
}

export function toFunctionUrlEvent(req: IncomingMessage, body: Buffer): LambdaFunctionURLEvent {
  const url = new URL(req.url ?? '/', `https://${DOMAIN}`);
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (name === 'cookie') {
      cookies = String(value)
        .split(';')
        .map((c) => c.trim());
      continue;
    }
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const now = new Date();
  headers.host = DOMAIN;
  headers['x-forwarded-proto'] = 'https';
  headers['x-forwarded-port'] = '443';
  headers['x-forwarded-for'] = req.socket.remoteAddress ?? '127.0.0.1';
  headers['x-amzn-trace-id'] =
    `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${randomUUID().replaceAll('-', '').slice(0, 24)}`;
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = key in query ? `${query[key]},${value}` : value;
  const text = isText(headers['content-type']);
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies && { cookies }),
    headers,
    ...(Object.keys(query).length > 0 && { queryStringParameters: query }),
    requestContext: {
      accountId: 'anonymous',
      apiId: URL_ID,
      domainName: DOMAIN,
      domainPrefix: URL_ID,
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: headers['x-forwarded-for'],
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: clfTime(now),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 && { body: text ? body.toString('utf8') : body.toString('base64') }),
    isBase64Encoded: body.length > 0 && !text,
  };
}

interface UrlResult {
  statusCode: number;
  headers?: Record<string, string | number | boolean>;
  body?: string;
  isBase64Encoded?: boolean;
  cookies?: string[];
}

function isUrlResult(value: unknown): value is UrlResult {
  return typeof value === 'object' && value !== null && typeof (value as UrlResult).statusCode === 'number';
}

/** Writes a handler's result as a function URL does: a result with `statusCode` is the response, else its JSON. */
function write(res: ServerResponse, result: unknown): void {
  if (!isUrlResult(result)) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(result === undefined ? '' : JSON.stringify(result));
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {}))
    headers[name.toLowerCase()] = String(value);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  res.writeHead(result.statusCode, headers);
  res.end(
    result.body === undefined ? '' : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8'),
  );
}

export async function startFunctionUrl(functionName: string, handler: UrlHandler): Promise<FunctionUrl> {
  const events: LambdaFunctionURLEvent[] = [];
  const durations: number[] = [];
  const errors: unknown[] = [];
  const invoke = (event: LambdaFunctionURLEvent) => handler(event, lambdaContext(functionName));
  const listening = await listen(async (req, res) => {
    const event = toFunctionUrlEvent(req, await readBody(req));
    events.push(event);
    let result: unknown;
    const started = performance.now();
    try {
      result = await invoke(event);
      durations.push(performance.now() - started);
    } catch (error) {
      durations.push(performance.now() - started);
      errors.push(error);
      // An unhandled error in the function: the URL answers 502 and says no more.
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ Message: 'Internal Server Error' }));
      return;
    }
    write(res, result);
  });
  return { ...listening, events, durations, errors, invoke };
}
