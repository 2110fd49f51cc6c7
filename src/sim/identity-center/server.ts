// The HTTP front of the simulator. One server speaks sso-admin and identitystore (awsJson1_1, told apart
// by X-Amz-Target) and STS (awsQuery), so the real SDK clients reach it through `endpoint` or
// AWS_ENDPOINT_URL_*; `/_sim/*` lets another process plant faults, read the state and reset.

import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { z } from 'zod';
import { awsAnswer, controlBody, jsonBody } from '../aws-json.js';
import { accessKeyOf } from '../iam/index.js';
import { listenFetch } from '../loopback-server.js';
import { AwsError } from './aws-error.js';
import { callFaultSchema, provisioningFaultSchema } from './faults.js';
import { type IdentityCenterSeed, loadSeedFromOrgFile } from './org.js';
import { IdentityCenterSim, type SimOptions } from './simulator.js';
import { stsErrorXml } from './sts.js';

export interface StartOptions extends Omit<SimOptions, 'seed'> {
  /** The organisation to start from; else `orgFile`; else the sandbox organisation. */
  seed?: IdentityCenterSeed;
  orgFile?: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
}

export interface RunningSim {
  url: string;
  sim: IdentityCenterSim;
  close(): Promise<void>;
}

const SANDBOX_ORG = fileURLToPath(new URL('../../../examples/sandbox/org.yml', import.meta.url));
const TARGETS = { SWBExternalService: 'sso-admin', AWSIdentityStore: 'identitystore' } as const;

export async function startIdentityCenterSim(options: StartOptions = {}): Promise<RunningSim> {
  const seed = options.seed ?? (await loadSeedFromOrgFile(options.orgFile ?? SANDBOX_ORG));
  const sim = new IdentityCenterSim({ ...options, seed });
  const routes = new Hono()
    .all('/_sim/*', async (c) => control(sim, `${c.req.method} ${c.req.path}`, await c.req.text()))
    .all('*', async (c) => serve(sim, c.req.raw))
    .onError((error) => awsAnswer(500, 'application/json', JSON.stringify({ error: String(error) })));
  return { ...(await listenFetch(routes.fetch, { port: options.port, host: options.host })), sim };
}

async function serve(sim: IdentityCenterSim, req: Request): Promise<Response> {
  const body = await req.text();
  const requestId = randomUUID();
  const target = req.headers.get('x-amz-target');
  const accessKeyId = accessKeyOf(req.headers.get('authorization') ?? undefined);
  if (target !== null) return json(sim, target, body, accessKeyId, requestId);
  if ((req.headers.get('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) {
    try {
      const xml = await sim.callSts(new URLSearchParams(body), accessKeyId, requestId);
      return awsAnswer(200, 'text/xml', xml, requestId);
    } catch (error) {
      const awsError = asAwsError(error);
      return awsAnswer(awsError.status, 'text/xml', stsErrorXml(awsError, requestId), requestId);
    }
  }
  const error = new AwsError('UnknownOperationException', 'Missing X-Amz-Target.');
  return awsAnswer(error.status, JSON_TYPE, JSON.stringify(error.body()), requestId);
}

const JSON_TYPE = 'application/x-amz-json-1.1';

async function json(
  sim: IdentityCenterSim,
  target: string,
  body: string,
  accessKeyId: string | undefined,
  requestId: string,
): Promise<Response> {
  const dot = target.indexOf('.');
  const service = TARGETS[target.slice(0, dot) as keyof typeof TARGETS];
  const operation = target.slice(dot + 1);
  try {
    if (dot < 0 || service === undefined) {
      throw new AwsError('UnknownOperationException', `Unknown operation ${target}.`);
    }
    const input = jsonBody(body);
    if ('problem' in input) {
      throw input.problem === 'not-json'
        ? new AwsError('SerializationException', 'Start of structure or map found where not expected.')
        : new AwsError('SerializationException', 'Expected a JSON object as the request body.');
    }
    const output = await sim.call(service, operation, input.input, accessKeyId);
    return awsAnswer(200, JSON_TYPE, JSON.stringify(output), requestId);
  } catch (error) {
    const awsError = asAwsError(error);
    const payload = { ...awsError.body(), ...(service === 'identitystore' ? { RequestId: requestId } : {}) };
    return awsAnswer(awsError.status, JSON_TYPE, JSON.stringify(payload), requestId, awsError.type);
  }
}

const faultBody = z.union([callFaultSchema, z.array(callFaultSchema)]);

function control(sim: IdentityCenterSim, route: string, body: string): Response {
  const [status, value] = controlAnswer(sim, route, body);
  return awsAnswer(status, 'application/json', JSON.stringify(value));
}

function controlAnswer(sim: IdentityCenterSim, route: string, body: string): [number, unknown] {
  const parsed = controlBody(body)?.value;
  if (parsed === undefined) return [400, { error: 'The body is not JSON.' }];
  switch (route) {
    case 'GET /_sim/state':
      return [200, sim.snapshot()];
    case 'GET /_sim/calls':
      return [200, sim.callsTo()];
    case 'POST /_sim/reset':
      sim.reset();
      return [200, { ok: true }];
    case 'DELETE /_sim/faults':
      sim.faults.clear();
      return [200, { ok: true }];
    case 'POST /_sim/faults': {
      const faults = faultBody.safeParse(parsed);
      if (!faults.success) return [400, { error: z.prettifyError(faults.error) }];
      for (const fault of Array.isArray(faults.data) ? faults.data : [faults.data]) sim.injectFault(fault);
      return [200, sim.faults.pending()];
    }
    case 'POST /_sim/faults/provisioning': {
      const fault = provisioningFaultSchema.safeParse(parsed);
      if (!fault.success) return [400, { error: z.prettifyError(fault.error) }];
      sim.failNextProvisioning(fault.data);
      return [200, sim.faults.pending()];
    }
    default:
      return [404, { error: `No control endpoint ${route}.` }];
  }
}

function asAwsError(error: unknown): AwsError {
  return error instanceof AwsError
    ? error
    : new AwsError('InternalServerException', 'Internal server error.');
}
