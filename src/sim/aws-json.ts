// What the simulated AWS JSON services share on the wire: an awsJson request body read as the object it
// must be, and answers as AWS gives them — the service's content type, a request id, and on a failure
// the error's type in `x-amzn-errortype`.

export type JsonBody = { input: Record<string, unknown> } | { problem: 'not-json' | 'not-an-object' };

/** An empty body is `{}`, as the SDK sends for an operation without input. */
export function jsonBody(text: string): JsonBody {
  let input: unknown;
  try {
    input = JSON.parse(text === '' ? '{}' : text);
  } catch {
    return { problem: 'not-json' };
  }
  return typeof input === 'object' && input !== null && !Array.isArray(input)
    ? { input: input as Record<string, unknown> }
    : { problem: 'not-an-object' };
}

export function awsAnswer(
  status: number,
  contentType: string,
  payload: string,
  requestId?: string,
  errorType?: string,
): Response {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (requestId) headers['x-amzn-requestid'] = requestId;
  if (errorType) headers['x-amzn-errortype'] = errorType;
  return new Response(payload, { status, headers });
}

/** The simulators' own `/_sim/*` endpoints: a JSON body, or `{}` when there is none. */
export function controlBody(text: string): { value: unknown } | undefined {
  try {
    return { value: text === '' ? {} : JSON.parse(text) };
  } catch {
    return undefined;
  }
}
