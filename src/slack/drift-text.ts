// The drift report posted to the approval channel (mrkdwn): what the scheduled reconcile found, twenty
// findings at most, and how to see the rest and repair. The service hands over its findings; the words are here,
// with the findings' own text escaped.

import type { Finding } from '../service/reconcile.js';
import { escapeText } from './escape.js';

/** Findings named one by one; past these, counted. */
const LISTED = 20;

export function driftText(findings: readonly Finding[]): string {
  const lines = findings
    .slice(0, LISTED)
    .map(
      (f) =>
        `• *${f.kind}*: ${escapeText(f.detail)} (\`${escapeText(f.principalId)}\` on \`${escapeText(f.targetKey)}\`)`,
    );
  const more =
    findings.length > LISTED ? `\n…and ${findings.length - LISTED} more: run \`latchkey reconcile\`.` : '';
  return `:mag: Latchkey found drift between its grants and IAM Identity Center:\n${lines.join('\n')}${more}\nRun \`latchkey reconcile --fix\` to repair what Latchkey made.`;
}
