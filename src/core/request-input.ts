// Checks what a person typed for a request (duration and reason) against the entitlement's bounds.

import { formatDuration, parseDuration } from './duration.js';
import type { Entitlement } from './entitlement.js';
import { InvalidDuration, MissingReason } from './errors.js';

/** The longest reason kept; the rest is cut so a request message always fits Slack's limits. */
export const MAX_REASON_LENGTH = 1000;

export function parseRequestDuration(entitlement: Entitlement, text: string): number {
  const bounds = `between ${formatDuration(entitlement.minDurationSec)} and ${formatDuration(entitlement.maxDurationSec)}`;
  const seconds = parseDuration(text);
  if (seconds === undefined) {
    throw new InvalidDuration(
      text,
      entitlement.minDurationSec,
      entitlement.maxDurationSec,
      `\`${text}\` is not a duration. Write it like \`30m\`, \`2h\` or \`1d\`, ${bounds} for \`${entitlement.id}\`.`,
    );
  }
  if (seconds < entitlement.minDurationSec || seconds > entitlement.maxDurationSec) {
    throw new InvalidDuration(
      text,
      entitlement.minDurationSec,
      entitlement.maxDurationSec,
      `\`${entitlement.id}\` can be granted for ${bounds}; \`${text}\` is out of bounds.`,
    );
  }
  return seconds;
}

export function normaliseReason(text: string | undefined): string {
  const reason = (text ?? '').replace(/\s+/g, ' ').trim();
  if (reason === '') throw new MissingReason();
  return reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH - 1)}…` : reason;
}
