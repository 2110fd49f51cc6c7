// The HTTP front of the CloudTrail simulator: awsJson1_1 told apart by X-Amz-Target (the SDK sends
// `CloudTrail_20131101.<Operation>`, the service model's prefix is `com.amazonaws.cloudtrail.v20131101.…`;
// both are accepted), so the real SDK client reaches it through `endpoint` or AWS_ENDPOINT_URL_CLOUDTRAIL.
// `/_sim/*` lets another process add events, plant faults and read the queries run.

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { z } from 'zod';
import { listen, readBody } from '../loopback-server.js';
import { simEventSchema } from './events.js';
import {
  CloudTrailError,
  CloudTrailSim,
  type CloudTrailSimOptions,
  callFaultSchema,
  queryFaultSchema,
} from './simulator.js';

export interface RunningCloudTrailSim {
  url: string;
  sim: CloudTrailSim;
  close(): Promise<void>;
}

const TARGET = /^(?:com\.amazonaws\.cloudtrail\.v20131101\.)?CloudTrail_20131101\.([A-Za-z]+)$/;
const JSON_TYPE = 'application/x-amz-json-1.1';

export async function startCloudTrailSim(
  options: CloudTrailSimOptions & { host?: string; port?: number } = {},
): Promise<RunningCloudTrailSim> {
  const sim = new CloudTrailSim(options);
  const server = createServer((req, res) => {
    serve(sim, req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, 'application/json', JSON.stringify({ error: String(error) }));
    });
  });
  return { ...(await listen(server, { port: options.port, host: options.host })), sim };
}

async function serve(sim: CloudTrailSim, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (path.startsWith('/_sim/')) return control(sim, `${req.method ?? 'GET'} ${path}`, body, res);
  const requestId = randomUUID();
  try {
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = TARGET.exec(target)?.[1];
    if (!operation) throw new CloudTrailError('UnknownOperationException', `Unknown operation ${target}.`);
    let input: unknown;
    try {
      input = JSON.parse(body === '' ? '{}' : body);
    } catch {
      throw new CloudTrailError(
        'SerializationException',
        'Start of structure or map found where not expected.',
      );
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input))
      throw new CloudTrailError('SerializationException', 'Expected a JSON object as the request body.');
    const accessKeyId = /Credential=([^/,\s]+)\//.exec(String(req.headers.authorization ?? ''))?.[1];
    const output = sim.call(operation, input as Record<string, unknown>, accessKeyId);
    send(res, 200, JSON_TYPE, JSON.stringify(output), requestId);
  } catch (error) {
    const e =
      error instanceof CloudTrailError
        ? error
        : new CloudTrailError('InternalServerException', 'Internal server error.', 500);
    send(res, e.status, JSON_TYPE, JSON.stringify({ __type: e.type, Message: e.message }), requestId, e.type);
  }
}

function control(sim: CloudTrailSim, route: string, body: string, res: ServerResponse): undefined {
  let parsed: unknown;
  try {
    parsed = body === '' ? {} : JSON.parse(body);
  } catch {
    send(res, 400, 'application/json', JSON.stringify({ error: 'The body is not JSON.' }));
    return;
  }
  const answer = (status: number, value: unknown): undefined => {
    send(res, status, 'application/json', JSON.stringify(value));
  };
  const parse = <T>(schema: z.ZodType<T>, then: (value: T) => void): undefined => {
    const result = schema.safeParse(parsed);
    if (!result.success) return answer(400, { error: z.prettifyError(result.error) });
    then(result.data);
    return answer(200, { ok: true });
  };
  switch (route) {
    case 'GET /_sim/queries':
      return answer(200, sim.queriesRun());
    case 'POST /_sim/events':
      return parse(z.array(simEventSchema), (events) => sim.addEvents(events));
    case 'POST /_sim/faults/query':
      return parse(queryFaultSchema, (fault) => sim.failQueries(fault));
    case 'POST /_sim/faults/call':
      return parse(callFaultSchema, (fault) => sim.failCalls(fault));
    case 'POST /_sim/reset':
      sim.reset();
      return answer(200, { ok: true });
    default:
      return answer(404, { error: `No control endpoint ${route}.` });
  }
}

function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  payload: string,
  requestId?: string,
  errorType?: string,
): void {
  res.statusCode = status;
  res.setHeader('content-type', contentType);
  res.setHeader('content-length', Buffer.byteLength(payload));
  if (requestId) res.setHeader('x-amzn-requestid', requestId);
  if (errorType) res.setHeader('x-amzn-errortype', errorType);
  res.end(payload);
}
