// The HTTP front of the Organizations simulator: awsJson1_1 with `X-Amz-Target:
// AWSOrganizationsV20161128.<Operation>`, reached by the real SDK client through
// AWS_ENDPOINT_URL_ORGANIZATIONS. Unsigned requests are refused as AWS refuses them.

import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { awsAnswer, jsonBody } from '../aws-json.js';
import type { Iam } from '../iam/index.js';
import {
  accessKeyOf,
  authorizeOperation,
  type DenialResponse,
  jsonDenial,
  organizationsAuthorization,
} from '../iam/index.js';
import { listenFetch } from '../loopback-server.js';
import { OrganizationsError } from './errors.js';
import { loadOrganizationFromOrgFile, type OrganizationWorld } from './seed.js';
import { OrganizationsSim, type OrganizationsSimOptions } from './simulator.js';

const TARGET_PREFIX = 'AWSOrganizationsV20161128.';
const JSON_TYPE = 'application/x-amz-json-1.1';

export interface RunningOrganizationsSim {
  url: string;
  sim: OrganizationsSim;
  close(): Promise<void>;
}

export interface OrganizationsStartOptions extends OrganizationsSimOptions {
  /** The organisation; else read from `orgFile`. */
  world?: OrganizationWorld;
  orgFile?: string;
  port?: number;
}

export async function startOrganizationsSim(
  options: OrganizationsStartOptions,
): Promise<RunningOrganizationsSim> {
  const world = options.world ?? (await loadOrganizationFromOrgFile(requireFile(options.orgFile)));
  const sim = new OrganizationsSim(world, options);
  const authorize = options.iam && authorizer(options.iam, world);
  const routes = new Hono()
    .all('*', (c) => serve(sim, c.req.raw, authorize))
    .onError(() => send(500, JSON.stringify({ __type: 'ServiceException' }), randomUUID()));
  return { ...(await listenFetch(routes.fetch, { port: options.port })), sim };
}

function requireFile(file: string | undefined): string {
  if (!file) throw new Error('give the organisation or an org file');
  return file;
}

type Authorizer = (
  operation: string,
  input: Record<string, unknown>,
  authorization: string | undefined,
) => DenialResponse | undefined;

/** With IAM enforced: the AccessDeniedException to answer, or undefined when allowed. */
function authorizer(iam: Iam, world: OrganizationWorld): Authorizer {
  const context = {
    managementAccount: world.organization.managementAccount,
    organizationId: world.organization.id,
  };
  return (operation, input, authorization) => {
    if (!(operation in organizationsAuthorization.operations)) return undefined;
    const accessKeyId = accessKeyOf(authorization);
    const result = authorizeOperation(iam, organizationsAuthorization, {
      operation,
      input,
      accessKeyId,
      context,
    });
    return result.allowed ? undefined : jsonDenial(result.denial, { contentType: JSON_TYPE });
  };
}

async function serve(sim: OrganizationsSim, req: Request, authorize?: Authorizer): Promise<Response> {
  const body = await req.text();
  const requestId = randomUUID();
  const fail = (error: OrganizationsError) =>
    send(error.status, JSON.stringify(error.body()), requestId, error.type);
  const authorization = req.headers.get('authorization') ?? undefined;
  if (!authorization?.startsWith('AWS4-HMAC-SHA256 ')) {
    return send(
      400,
      JSON.stringify({
        __type: 'MissingAuthenticationTokenException',
        Message: 'Missing Authentication Token',
      }),
      requestId,
      'MissingAuthenticationTokenException',
    );
  }
  const target = req.headers.get('x-amz-target') ?? '';
  if (!target.startsWith(TARGET_PREFIX)) {
    return fail(new OrganizationsError('UnknownOperationException', `Unknown operation ${target}.`));
  }
  const input = jsonBody(body);
  if ('problem' in input) {
    return fail(new OrganizationsError('InvalidInputException', 'The request body is not a JSON object.'));
  }
  const operation = target.slice(TARGET_PREFIX.length);
  const denied = authorize?.(operation, input.input, authorization);
  if (denied) return send(denied.status, denied.body, requestId, denied.headers['x-amzn-errortype']);
  try {
    return send(200, JSON.stringify(sim.call(operation, input.input)), requestId);
  } catch (error) {
    if (error instanceof OrganizationsError) return fail(error);
    throw error;
  }
}

const send = (status: number, payload: string, requestId: string, errorType?: string) =>
  awsAnswer(status, JSON_TYPE, payload, requestId, errorType);
