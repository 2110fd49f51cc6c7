import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { README_CONFIG } from '../support/config.js';

async function readme(): Promise<string> {
  return readFile(new URL('../../README.md', import.meta.url), 'utf8');
}

function codeBlocks(markdown: string, language: string): string[] {
  return [...markdown.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))].map(
    (m) => m[1] ?? '',
  );
}

describe('README', () => {
  it('shows the config example the config tests validate, to the byte', async () => {
    expect(codeBlocks(await readme(), 'yaml')).toEqual([README_CONFIG]);
  });

  it('has exactly the two set-up commands: start the program, run the tests', async () => {
    expect(codeBlocks(await readme(), 'sh')).toEqual(['npm install && npm start\n', 'npm test\n']);
  });

  it('documents every environment variable Latchkey reads', async () => {
    const source = await readFile(new URL('../../src/runtime/environment.ts', import.meta.url), 'utf8');
    const names = [...source.matchAll(/^\s{2}([A-Z][A-Z0-9_]+): z\./gm)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(5);
    const text = await readme();
    for (const name of names) expect(text).toContain(`\`${name}\``);
  });
});
