// Whether an AWS error says "this endpoint does not offer that operation" (an older or narrower
// implementation of the API, or a partition without it) rather than "that failed". Latchkey then falls
// back to a way every implementation offers, instead of failing the person's request.

const UNSUPPORTED = /UnknownOperation|UnsupportedOperation|NotImplemented|InvalidAction/;

export function isUnsupportedOperation(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return UNSUPPORTED.test(error.name) || status === 501;
}
