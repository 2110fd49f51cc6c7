// Slack's words are chosen in src/slack alone: the core and the services hand over data (a digest, findings,
// an error's code), never mrkdwn. This reads every string literal of src/core and src/service (comments
// aside) and refuses Slack's markup in it, so wording cannot creep back beside the rules.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSync, Visitor } from 'vite';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/bundle.js';

/**
 * Slack markup, each with what it is. A template literal is read with each `${…}` as a word, so bold around
 * a substitution (`*${n} events*`) is seen as bold.
 */
const MARKUP: { what: string; pattern: RegExp }[] = [
  { what: 'a mention, channel link or Slack command', pattern: /<[@#!]/ },
  { what: 'a link with a label', pattern: /<https?:\/\/[^>\s]*\|/ },
  { what: 'an emoji code', pattern: /(?:^|[\s(])(:[a-z0-9_+-]+:)(?=[\s).,]|$)/ },
  { what: 'bold', pattern: /(?:^|\s)\*[A-Za-z0-9](?:[^*\n]*[^\s*])?\*(?=[\s:.,)]|$)/ },
  { what: 'italic', pattern: /(?:^|\s)_[A-Za-z0-9](?:[^_\n]*[^\s_])?_(?=[\s:.,)]|$)/ },
  { what: 'a Block Kit text type', pattern: /^(?:mrkdwn|plain_text)$/ },
];

/** Every string a TypeScript source writes: string literals and template literals, with their line. */
function stringsOf(source: string): { line: number; text: string }[] {
  const { program, errors } = parseSync('source.ts', source, { lang: 'ts' });
  if (errors.length > 0) throw new Error(`unreadable source: ${errors[0]?.message}`);
  const lineOf = (offset: number) => source.slice(0, offset).split('\n').length;
  const found: { line: number; text: string }[] = [];
  new Visitor({
    Literal(node) {
      if (typeof node.value === 'string') found.push({ line: lineOf(node.start), text: node.value });
    },
    TemplateLiteral(node) {
      const text = node.quasis.map((q) => q.value.cooked ?? q.value.raw).join('x');
      found.push({ line: lineOf(node.start), text });
    },
  }).visit(program);
  return found;
}

/** The Slack markup in a source, as `line: what in "string"`. */
function slackMarkupIn(source: string): string[] {
  const found: string[] = [];
  for (const { line, text } of stringsOf(source)) {
    for (const { what, pattern } of MARKUP) {
      if (pattern.test(text)) found.push(`${line}: ${what} in ${JSON.stringify(text)}`);
    }
  }
  return found;
}

function sources(folder: string): { file: string; text: string }[] {
  return readdirSync(join(REPO_ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((entry) => entry.endsWith('.ts'))
    .map((entry) => ({
      file: `${folder}/${entry}`,
      text: readFileSync(join(REPO_ROOT, folder, entry), 'utf8'),
    }));
}

describe('Slack wording', () => {
  describe('the check', () => {
    it.each([
      ['a mention', `const t = \`<@\${user}> asked\`;`],
      ['an emoji code', "const t = ':mag: Latchkey found drift';"],
      ['bold around a substitution', `const t = \`*\${n} events*: s3 2\`;`],
      ['italic', "const t = '\\n_The grant is still going._';"],
      ['a date token', `const t = \`<!date^\${unix}^{time}|later>\`;`],
      ['a labelled link', "const t = '<https://example.com|the request>';"],
      ['a Block Kit text', "const b = { type: 'mrkdwn', text };"],
    ])('finds %s', (_what, source) => {
      expect(slackMarkupIn(source)).toHaveLength(1);
    });

    it('reads strings only: comments, regular expressions, ARNs, times and SQL pass', () => {
      const source = [
        '// posts :mag: *bold* <@U1> to Slack',
        '/** `<@U1>` */',
        `const arn = \`arn:%:sts::\${account ?? '%'}:assumed-role/\${role}/\${user}\`;`,
        "const at = '2025-01-06 09:00:00';",
        'const denied = /AccessDenied|Forbidden/i;',
        `const sql = \`SELECT COUNT(*) AS n FROM "\${store}" WHERE a LIKE '!_%' ESCAPE '!'\`;`,
        `const key = \`ps#\${account}#\${arn}\`;`,
        "const detail = 'access kept: g-1, g-2 still hold it';",
        "const paths = ['*.*.response_url', 'a * b * c', '_ _'];",
      ].join('\n');

      expect(slackMarkupIn(source)).toEqual([]);
    });
  });

  it.each([...sources('src/core'), ...sources('src/service')].map((s) => [s.file, s.text]))(
    '%s builds no Slack markup',
    (_file, text) => {
      expect(slackMarkupIn(text)).toEqual([]);
    },
  );
});
