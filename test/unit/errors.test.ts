// One hierarchy of errors: every error class of the product derives from LatchkeyError (so each has a
// code a caller can act on), and an error that wraps another failure keeps it as its cause.

import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/bundle.js';
import { ConfigError, loadConfig } from '../../src/config/load.js';
import { LatchkeyError } from '../../src/core/errors.js';

/** The product's TypeScript files: src/ without the simulators, and the command line. */
function productFiles(): string[] {
  const files: string[] = [];
  for (const folder of ['src', 'commands']) {
    for (const entry of readdirSync(join(REPO_ROOT, folder), { recursive: true, encoding: 'utf8' })) {
      const path = `${folder}/${entry}`;
      if (path.endsWith('.ts') && !path.startsWith('src/sim/')) files.push(path);
    }
  }
  return files;
}

describe('the error hierarchy', () => {
  it('has one root: no class of the product extends a built-in error but LatchkeyError', () => {
    const roots: string[] = [];
    for (const file of productFiles()) {
      const text = readFileSync(join(REPO_ROOT, file), 'utf8');
      for (const [, name] of text.matchAll(/class\s+(\w+)(?:<[^>]*>)?\s+extends\s+(?:Type|Range)?Error\b/g)) {
        roots.push(`${file}: ${name}`);
      }
    }
    expect(roots).toEqual(['src/core/errors.ts: LatchkeyError']);
  });

  it('keeps why a config file could not be read as the cause', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'latchkey-errors-'));
    try {
      const error = await loadConfig(dir).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ConfigError);
      expect(error).toBeInstanceOf(LatchkeyError);
      expect(error).toMatchObject({ code: 'invalid_config', cause: { code: 'EISDIR' } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
