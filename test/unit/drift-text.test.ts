// What the drift report posted to the approval channel reads like.

import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/service/reconcile.js';
import { driftText } from '../../src/slack/drift-text.js';

const finding = (i: number): Finding => ({
  kind: 'unexplained',
  principalId: `user-${i}`,
  targetKey: 'ps#1#arn',
  detail: 'access that no grant explains',
  fixed: false,
});

describe('Module: drift-text', () => {
  describe('Function: driftText', () => {
    it('names each finding, and how to repair', () => {
      const text = driftText([finding(0)]);

      expect(text).toBe(
        [
          ':mag: Latchkey found drift between its grants and IAM Identity Center:',
          '• *unexplained*: access that no grant explains (`user-0` on `ps#1#arn`)',
          'Run `latchkey reconcile --fix` to repair what Latchkey made.',
        ].join('\n'),
      );
    });

    it("escapes the findings' own text", () => {
      const text = driftText([{ ...finding(0), detail: 'held by <!channel> & more' }]);

      expect(text).toContain('held by &lt;!channel&gt; &amp; more');
    });

    it('says how to see the rest when there is more than fits', () => {
      const many = Array.from({ length: 25 }, (_, i) => finding(i));

      const text = driftText(many);

      expect(text).toContain('user-19');
      expect(text).not.toContain('user-20');
      expect(text).toContain('and 5 more');
    });
  });
});
