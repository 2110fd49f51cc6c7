// The HTTP front of the CloudTrail simulator: awsJson1_1 told apart by X-Amz-Target (the SDK sends
// `CloudTrail_20131101.<Operation>`, the service model's prefix is `com.amazonaws.cloudtrail.v20131101.…`;
// both are accepted), so the real SDK client reaches it through `endpoint` or AWS_ENDPOINT_URL_CLOUDTRAIL.
// `/_sim/*` lets another process add events, plant faults and read the queries run.

import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { awsAnswer, controlBody, jsonBody } from '../aws-json.js';
import { listenFetch } from '../loopback-server.js';
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
  const routes = new Hono()
    .all('/_sim/*', async (c) => control(sim, `${c.req.method} ${c.req.path}`, await c.req.text()))
    .all('*', async (c) => serve(sim, c.req.raw))
    .onError((error) => awsAnswer(500, 'application/json', JSON.stringify({ error: String(error) })));
  return { ...(await listenFetch(routes.fetch, { port: options.port, host: options.host })), sim };
}

async function serve(sim: CloudTrailSim, req: Request): Promise<Response> {
  const body = await req.text();
  const requestId = randomUUID();
  try {
    const target = req.headers.get('x-amz-target') ?? '';
    const operation = TARGET.exec(target)?.[1];
    if (!operation) throw new CloudTrailError('UnknownOperationException', `Unknown operation ${target}.`);
    const input = jsonBody(body);
    if ('problem' in input) {
      throw input.problem === 'not-json'
        ? new CloudTrailError('SerializationException', 'Start of structure or map found where not expected.')
        : new CloudTrailError('SerializationException', 'Expected a JSON object as the request body.');
    }
    const accessKeyId = /Credential=([^/,\s]+)\//.exec(req.headers.get('authorization') ?? '')?.[1];
    const output = sim.call(operation, input.input, accessKeyId);
    return awsAnswer(200, JSON_TYPE, JSON.stringify(output), requestId);
  } catch (error) {
    const e =
      error instanceof CloudTrailError
        ? error
        : new CloudTrailError('InternalServerException', 'Internal server error.', 500);
    return awsAnswer(
      e.status,
      JSON_TYPE,
      JSON.stringify({ __type: e.type, Message: e.message }),
      requestId,
      e.type,
    );
  }
}

function control(sim: CloudTrailSim, route: string, body: string): Response {
  const parsed = controlBody(body)?.value;
  const answer = (status: number, value: unknown) =>
    awsAnswer(status, 'application/json', JSON.stringify(value));
  if (parsed === undefined) return answer(400, { error: 'The body is not JSON.' });
  const parse = <T>(schema: z.ZodType<T>, then: (value: T) => void): Response => {
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
