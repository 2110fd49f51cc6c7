// Errors as AWS Organizations sends them over awsJson1_1: `__type`, `Message`, and the members the model
// lists (InvalidInputException carries a `Reason`). Every modeled error is answered with HTTP 400.

export const ORGANIZATIONS_ERRORS = [
  'AccessDeniedException',
  'AccountNotFoundException',
  'AWSOrganizationsNotInUseException',
  'InvalidInputException',
  'ParentNotFoundException',
  'ServiceException',
  'TooManyRequestsException',
] as const;
export type OrganizationsErrorType = (typeof ORGANIZATIONS_ERRORS)[number] | 'UnknownOperationException';

export class OrganizationsError extends Error {
  constructor(
    readonly type: OrganizationsErrorType,
    message: string,
    readonly members: Record<string, string> = {},
  ) {
    super(message);
    this.name = type;
  }

  get status(): number {
    return this.type === 'ServiceException' ? 500 : 400;
  }

  body(): Record<string, unknown> {
    const type =
      this.type === 'UnknownOperationException' ? `com.amazon.coral.service#${this.type}` : this.type;
    return { __type: type, Message: this.message, ...this.members };
  }
}

export const invalidInput = (reason: string, message: string) =>
  new OrganizationsError('InvalidInputException', message, { Reason: reason });
