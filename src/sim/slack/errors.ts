// A Web API failure with Slack's error code. The workspace throws these so every route that reaches the
// same state fails with the same code, as on Slack.

export class SlackApiError extends Error {
  constructor(
    readonly code: string,
    readonly messages: string[] = [],
  ) {
    super(messages.length ? `${code}: ${messages.join('; ')}` : code);
    this.name = 'SlackApiError';
  }
}
