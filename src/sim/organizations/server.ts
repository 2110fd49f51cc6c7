// The HTTP front of the Organizations simulator: awsJson1_1 with `X-Amz-Target:
// AWSOrganizationsV20161128.<Operation>`, reached by the real SDK client through
// AWS_ENDPOINT_URL_ORGANIZATIONS. Unsigned requests are refused as AWS refuses them.

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Iam } from '../iam/index.js';
import {
  accessKeyOf,
  authorizeOperation,
  type DenialResponse,
  jsonDenial,
  organizationsAuthorization,
} from '../iam/index.js';
import { listen, readBody } from '../loopback-server.js';
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
  const server = createServer((req, res) => {
    serve(sim, req, res, authorize).catch(() => {
      if (!res.headersSent) send(res, 500, JSON.stringify({ __type: 'ServiceException' }), randomUUID());
    });
  });
  return { ...(await listen(server, { port: options.port })), sim };
}

function requireFile(file: string | undefined): string {
  if (!file) throw new Error('give the organisation or an org file');
  return file;
}

type Authorizer = (
  operation: string,
  input: Record<string, unknown>,
  req: IncomingMessage,
) => DenialResponse | undefined;

/** With IAM enforced: the AccessDeniedException to answer, or undefined when allowed. */
function authorizer(iam: Iam, world: OrganizationWorld): Authorizer {
  const context = {
    managementAccount: world.organization.managementAccount,
    organizationId: world.organization.id,
  };
  return (operation, input, req) => {
    if (!(operation in organizationsAuthorization.operations)) return undefined;
    const accessKeyId = accessKeyOf(req.headers.authorization);
    const result = authorizeOperation(iam, organizationsAuthorization, {
      operation,
      input,
      accessKeyId,
      context,
    });
    return result.allowed ? undefined : jsonDenial(result.denial, { contentType: JSON_TYPE });
  };
}

async function serve(
  sim: OrganizationsSim,
  req: IncomingMessage,
  res: ServerResponse,
  authorize?: Authorizer,
): Promise<void> {
  const body = await readBody(req);
  const requestId = randomUUID();
  const fail = (error: OrganizationsError) =>
    send(res, error.status, JSON.stringify(error.body()), requestId, error.type);
  if (!String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 ')) {
    return send(
      res,
      400,
      JSON.stringify({
        __type: 'MissingAuthenticationTokenException',
        Message: 'Missing Authentication Token',
      }),
      requestId,
      'MissingAuthenticationTokenException',
    );
  }
  const target = String(req.headers['x-amz-target'] ?? '');
  if (!target.startsWith(TARGET_PREFIX)) {
    return fail(new OrganizationsError('UnknownOperationException', `Unknown operation ${target}.`));
  }
  let input: unknown;
  try {
    input = JSON.parse(body === '' ? '{}' : body);
  } catch {
    input = undefined;
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return fail(new OrganizationsError('InvalidInputException', 'The request body is not a JSON object.'));
  }
  const operation = target.slice(TARGET_PREFIX.length);
  const denied = authorize?.(operation, input as Record<string, unknown>, req);
  if (denied) return send(res, denied.status, denied.body, requestId, denied.headers['x-amzn-errortype']);
  try {
    const output = sim.call(operation, input as Record<string, unknown>);
    send(res, 200, JSON.stringify(output), requestId);
  } catch (error) {
    if (error instanceof OrganizationsError) return fail(error);
    throw error;
  }
}

function send(res: ServerResponse, status: number, payload: string, requestId: string, errorType?: string) {
  res.statusCode = status;
  res.setHeader('content-type', JSON_TYPE);
  res.setHeader('content-length', Buffer.byteLength(payload));
  res.setHeader('x-amzn-requestid', requestId);
  if (errorType) res.setHeader('x-amzn-errortype', errorType);
  res.end(payload);
}
