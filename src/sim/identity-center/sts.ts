// STS as the SDK reaches it (awsQuery: form-encoded `Action=…`, XML answers): AssumeRole hands out
// session credentials and GetCallerIdentity names whoever signed the request, an assumed role included.

import { z } from 'zod';
import type { Clock } from '../../core/ports.js';
import type { Iam } from '../iam/index.js';
import { AwsError, parseInput } from './aws-error.js';
import { uuidFrom } from './ids.js';

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

interface Session {
  roleArn: string;
  sessionName: string;
  expiresAt: number;
}

const assumeRoleInput = z.object({
  RoleArn: z.string().regex(/^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/),
  RoleSessionName: z.string().regex(/^[\w+=,.@-]{2,64}$/),
  DurationSeconds: z.coerce.number().int().min(900).max(43_200).optional(),
});

export class StsService {
  private readonly sessions = new Map<string, Session>();
  private issued = 0;
  readonly assumed: { roleArn: string; sessionName: string; at: number }[] = [];

  constructor(
    private readonly ownerAccountId: string,
    private readonly clock: Clock,
    private readonly callerArn = `arn:aws:iam::${ownerAccountId}:user/latchkey`,
    /** With IAM enforced: AssumeRole needs a defined role, and its credentials carry the role's policies. */
    private readonly iam?: Iam,
  ) {}

  /** Answers one query request; `accessKeyId` is the key the request was signed with. */
  handle(params: URLSearchParams, accessKeyId: string | undefined, requestId: string): string {
    const action = params.get('Action');
    if (action === 'GetCallerIdentity') return this.getCallerIdentity(accessKeyId, requestId);
    if (action === 'AssumeRole') return this.assumeRole(Object.fromEntries(params), requestId);
    throw new AwsError(
      'ValidationException',
      `Could not find operation ${action ?? '(none)'} for version 2011-06-15.`,
    );
  }

  private getCallerIdentity(accessKeyId: string | undefined, requestId: string): string {
    const session = accessKeyId === undefined ? undefined : this.sessions.get(accessKeyId);
    let arn = this.callerArn;
    let userId = 'AIDALATCHKEYSIMULATOR';
    let account = this.ownerAccountId;
    const bound = this.iam?.principalOf(accessKeyId);
    if (bound && !session) {
      arn = bound.arn;
      account = arn.split(':')[4] ?? account;
      userId = `AROA${uuidFrom(arn).replace(/-/g, '').slice(0, 17).toUpperCase()}`;
    }
    if (session) {
      const [, , , , roleAccount = account, resource = ''] = session.roleArn.split(':');
      const roleName = resource.slice(resource.lastIndexOf('/') + 1);
      account = roleAccount;
      arn = `arn:aws:sts::${account}:assumed-role/${roleName}/${session.sessionName}`;
      userId = `${roleIdOf(session.roleArn)}:${session.sessionName}`;
    }
    return wrap(
      'GetCallerIdentity',
      `<Arn>${xml(arn)}</Arn><UserId>${xml(userId)}</UserId><Account>${account}</Account>`,
      requestId,
    );
  }

  private assumeRole(params: Record<string, string>, requestId: string): string {
    const req = parseInput(assumeRoleInput, params);
    const rolePolicies = this.iam?.rolePolicies(req.RoleArn);
    if (this.iam && !rolePolicies) {
      throw new AwsError('AccessDeniedException', `Role ${req.RoleArn} does not exist or cannot be assumed.`);
    }
    this.issued += 1;
    const accessKeyId = `ASIA${uuidFrom(`key#${this.issued}`).replace(/-/g, '').slice(0, 16).toUpperCase()}`;
    const now = this.clock.now();
    const expiresAt = now + (req.DurationSeconds ?? 3600) * 1000;
    this.sessions.set(accessKeyId, { roleArn: req.RoleArn, sessionName: req.RoleSessionName, expiresAt });
    this.assumed.push({ roleArn: req.RoleArn, sessionName: req.RoleSessionName, at: now });
    const [, , , , account = '', resource = ''] = req.RoleArn.split(':');
    const roleName = resource.slice(resource.lastIndexOf('/') + 1);
    if (this.iam && rolePolicies) {
      this.iam.bind(accessKeyId, {
        arn: `arn:aws:sts::${account}:assumed-role/${roleName}/${req.RoleSessionName}`,
        policies: rolePolicies,
      });
    }
    return wrap(
      'AssumeRole',
      `<AssumedRoleUser><Arn>arn:aws:sts::${account}:assumed-role/${xml(roleName)}/${xml(req.RoleSessionName)}</Arn>` +
        `<AssumedRoleId>${roleIdOf(req.RoleArn)}:${xml(req.RoleSessionName)}</AssumedRoleId></AssumedRoleUser>` +
        `<Credentials><AccessKeyId>${accessKeyId}</AccessKeyId>` +
        `<SecretAccessKey>${uuidFrom(`secret#${this.issued}`)}</SecretAccessKey>` +
        `<SessionToken>${Buffer.from(uuidFrom(`token#${this.issued}`)).toString('base64')}</SessionToken>` +
        `<Expiration>${new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z')}</Expiration></Credentials>`,
      requestId,
    );
  }

  reset(): void {
    this.sessions.clear();
    this.assumed.length = 0;
  }
}

/** An error in the awsQuery shape, with STS's own codes for the common kinds. */
export function stsErrorXml(error: AwsError, requestId: string): string {
  const code =
    {
      ThrottlingException: 'Throttling',
      AccessDeniedException: 'AccessDenied',
      ValidationException: 'ValidationError',
      InternalServerException: 'InternalFailure',
    }[error.type as string] ?? error.type;
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  return (
    `<ErrorResponse xmlns="${NS}"><Error><Type>${type}</Type><Code>${code}</Code>` +
    `<Message>${xml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}

function wrap(action: string, result: string, requestId: string): string {
  return (
    `<${action}Response xmlns="${NS}"><${action}Result>${result}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  );
}

function roleIdOf(roleArn: string): string {
  return `AROA${uuidFrom(roleArn).replace(/-/g, '').slice(0, 17).toUpperCase()}`;
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
