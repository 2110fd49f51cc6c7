// A stand-in for AWS Secrets Manager that answers the one call Latchkey makes, GetSecretValue, on the wire
// as the service does: the awsJson1_1 protocol (POST /, `X-Amz-Target: secretsmanager.<Operation>`,
// `application/x-amz-json-1.1`), errors as `{"__type", "Message"}` with status 400. The real SDK client
// reaches it through AWS_ENDPOINT_URL_SECRETS_MANAGER.

import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import {
  accessKeyOf,
  authorizeOperation,
  type Iam,
  jsonDenial,
  secretsManagerAuthorization,
} from '../../../src/sim/iam/index.js';
import { ACCOUNT, REGION } from './context.js';
import { type Listening, listen, readBody } from './http.js';

const JSON_1_1 = 'application/x-amz-json-1.1';
const TARGET_PREFIX = 'secretsmanager.';

export interface StoredSecret {
  /** The full ARN, `arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>`. */
  arn: string;
  secretString: string;
}

export interface SecretsManagerCall {
  operation: string;
  secretId?: string;
  /** The access key the request was signed with. */
  accessKeyId?: string;
}

export interface SecretsManagerDouble extends Listening {
  calls: SecretsManagerCall[];
}

/** The friendly name in an ARN: what follows `secret:`, less the six-character suffix AWS appends. */
export function secretNameOf(arn: string): string {
  const tail = arn.split(':secret:')[1] ?? arn;
  return tail.replace(/-[A-Za-z0-9]{6}$/, '');
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': JSON_1_1, 'x-amzn-requestid': randomUUID() });
  res.end(JSON.stringify(body));
}

function error(res: ServerResponse, type: string, message: string): void {
  answer(res, 400, { __type: type, Message: message });
}

/** With `iam`, every call is authorized for the key that signed it, as IAM would. */
export async function startSecretsManager(
  secrets: StoredSecret[],
  options: { iam?: Iam } = {},
): Promise<SecretsManagerDouble> {
  const calls: SecretsManagerCall[] = [];
  const createdDate = Math.floor(Date.now() / 1000);
  const versions = new Map(secrets.map((s) => [s.arn, randomUUID()]));
  const find = (id: string) => secrets.find((s) => s.arn === id || secretNameOf(s.arn) === id);

  const listening = await listen(async (req, res) => {
    const body = (await readBody(req)).toString('utf8');
    const target = String(req.headers['x-amz-target'] ?? '');
    const accessKeyId = accessKeyOf(req.headers.authorization);
    if (req.method !== 'POST' || !target.startsWith(TARGET_PREFIX)) {
      return error(res, 'UnknownOperationException', '');
    }
    const operation = target.slice(TARGET_PREFIX.length);
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(body || '{}') as Record<string, unknown>;
    } catch {
      return error(res, 'SerializationException', 'Start of structure or map found where not expected.');
    }
    const secretId = typeof input.SecretId === 'string' ? input.SecretId : undefined;
    calls.push({ operation, ...(secretId && { secretId }), ...(accessKeyId && { accessKeyId }) });
    if (operation !== 'GetSecretValue') return error(res, 'UnknownOperationException', '');
    if (options.iam) {
      const context = { arnOf: (id: string) => find(id)?.arn, region: REGION, accountId: ACCOUNT };
      const auth = authorizeOperation(options.iam, secretsManagerAuthorization, {
        operation,
        input,
        accessKeyId,
        context,
      });
      if (!auth.allowed) {
        const denial = jsonDenial(auth.denial, { contentType: JSON_1_1 });
        res.writeHead(denial.status, { ...denial.headers, 'x-amzn-requestid': randomUUID() });
        res.end(denial.body);
        return;
      }
    }
    if (!secretId) {
      return error(res, 'InvalidParameterException', 'You must provide a value for the SecretId parameter.');
    }
    if (input.VersionId !== undefined || (input.VersionStage ?? 'AWSCURRENT') !== 'AWSCURRENT') {
      return error(
        res,
        'ResourceNotFoundException',
        "Secrets Manager can't find the specified secret value.",
      );
    }
    const secret = find(secretId);
    if (!secret)
      return error(res, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    answer(res, 200, {
      ARN: secret.arn,
      Name: secretNameOf(secret.arn),
      VersionId: versions.get(secret.arn),
      SecretString: secret.secretString,
      VersionStages: ['AWSCURRENT'],
      // Timestamps travel as epoch seconds in the JSON protocols.
      CreatedDate: createdDate,
    });
  });
  return { ...listening, calls };
}
