// A denial as each AWS protocol sends it: the JSON protocols' `__type` and message (DynamoDB with the
// coral namespace), restJson's `x-amzn-errortype` header (Lambda), and awsQuery's XML (STS).

import type { Denial } from './iam.js';

export interface DenialResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const TYPES = {
  AccessDenied: { json: 'AccessDeniedException', query: 'AccessDenied' },
  UnrecognizedClient: { json: 'UnrecognizedClientException', query: 'InvalidClientTokenId' },
} as const;

/** awsJson1_0 / awsJson1_1. `coral`: DynamoDB's `com.amazon.coral.service#…` type names. */
export function jsonDenial(
  denial: Denial,
  options: { contentType: string; status?: number; coral?: boolean },
): DenialResponse {
  const type = TYPES[denial.kind].json;
  const status = options.status ?? 400;
  return {
    status,
    headers: { 'content-type': options.contentType, 'x-amzn-errortype': type },
    body: JSON.stringify({
      __type: options.coral ? `com.amazon.coral.service#${type}` : type,
      Message: denial.message,
    }),
  };
}

/** restJson1 as Lambda answers it: 403, the type in a header, `{"Type":"User","Message"}` in the body. */
export function restJsonDenial(denial: Denial): DenialResponse {
  const type = TYPES[denial.kind].json;
  return {
    status: 403,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': type },
    body: JSON.stringify({ Type: 'User', Message: denial.message }),
  };
}

/** awsQuery (STS): 403 with an `ErrorResponse` document. */
export function queryDenial(denial: Denial, requestId: string, namespace: string): DenialResponse {
  const code = TYPES[denial.kind].query;
  const message = denial.message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return {
    status: 403,
    headers: { 'content-type': 'text/xml' },
    body:
      `<ErrorResponse xmlns="${namespace}"><Error><Type>Sender</Type><Code>${code}</Code>` +
      `<Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
  };
}
