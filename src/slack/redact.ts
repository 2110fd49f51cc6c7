// Slack deliveries and payloads carry secrets and one-time capabilities: tokens, `response_url`s (anyone
// holding one may post as the app for half an hour), request signatures. Text bound for the logs — Bolt's
// own messages included, which print whole events — goes through here at every level.

const REDACTED = '[redacted]';

const PATTERNS: [RegExp, string][] = [
  // Bot, user, app-level and configuration tokens wherever they appear.
  [/\bx(?:ox[a-z]|app)-[A-Za-z0-9-]+/g, REDACTED],
  // A Lambda or HTTP event's whole body (form-encoded or base64): it is the Slack payload itself.
  [/("body"\s*:\s*")(?:[^"\\]|\\.)*(")/g, `$1${REDACTED}$2`],
  // Fields of a payload, as JSON (escaped or not) or form-encoded.
  [
    /((?:\\?")(?:token|response_url|trigger_id|x-slack-signature)(?:\\?")\s*:\s*\\?")(?:[^"\\]|\\[^"])*(\\?")/gi,
    `$1${REDACTED}$2`,
  ],
  [/\b(token|response_url|trigger_id)=[^&\s"']*/gi, `$1=${REDACTED}`],
  [/(X-Slack-Signature:\s*)[^,)\s]+/gi, `$1${REDACTED}`],
  // Response URLs by themselves, plain or URL-encoded.
  [/https?:\/\/hooks\.slack(?:-gov)?\.com\/[^\s"'&\\]+/gi, REDACTED],
  [/https?%3A%2F%2Fhooks\.slack(?:-gov)?\.com%2F[^\s"'&\\]+/gi, REDACTED],
];

export function redactSlackText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
