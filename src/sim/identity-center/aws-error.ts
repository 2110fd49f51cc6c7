// An error as Identity Center sends it: an `__type`, a message and the members its service model lists,
// with the HTTP status the service answers.

/** The errors the simulated APIs can answer, with their HTTP status. */
const STATUS = {
  AccessDeniedException: 403,
  ConflictException: 409,
  InternalServerException: 500,
  ResourceNotFoundException: 404,
  ServiceQuotaExceededException: 402,
  // The service model says 429, but sso-admin answers throttling with 400 on the wire; the SDK classes
  // it as throttling by its name either way.
  ThrottlingException: 400,
  ValidationException: 400,
  // Framework errors of the JSON protocols, sent with the coral namespace in `__type`.
  UnknownOperationException: 400,
  SerializationException: 400,
  // A signature with an access key nobody issued (only when IAM is enforced).
  UnrecognizedClientException: 400,
} as const;

export type AwsErrorType = keyof typeof STATUS;
export const AWS_ERROR_TYPES = Object.keys(STATUS) as AwsErrorType[];

const CORAL = new Set<AwsErrorType>([
  'UnknownOperationException',
  'SerializationException',
  'UnrecognizedClientException',
]);

export class AwsError extends Error {
  readonly status: number;
  constructor(
    readonly type: AwsErrorType,
    message: string,
    readonly members: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = type;
    this.status = STATUS[type];
  }

  /** The JSON body: `Message` as the models spell it, plus the modeled members. */
  body(): Record<string, unknown> {
    const type = CORAL.has(this.type) ? `com.amazon.coral.service#${this.type}` : this.type;
    return { __type: type, Message: this.message, ...this.members };
  }
}

export const rateExceeded = () => new AwsError('ThrottlingException', 'Rate exceeded');
export const tooManyInFlight = () =>
  new AwsError('ThrottlingException', 'There are too many requests processing. Please try again later.');
export const validation = (message: string) => new AwsError('ValidationException', message);

/** Parses a request body against its shape; a mismatch is the ValidationException AWS answers. */
export function parseInput<T>(schema: { safeParse(v: unknown): ZodResult<T> }, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  const where = first?.path.length ? ` at '${first.path.join('.')}'` : '';
  throw validation(
    `1 validation error detected: Value${where} failed to satisfy constraint: ${first?.message ?? 'invalid'}`,
  );
}

type ZodResult<T> =
  | { success: true; data: T }
  | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
