// The roles of the synthesized stack, kept on disk between test files: synthesizing takes seconds, and every
// Lambda test file asks for the same roles. The key covers the config's text and every source file the
// synthesis may read (infra/, src/, the test support it runs through), so changing any of them synthesizes
// again; a file being written is never read half-done (written aside, then renamed).

import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RolePolicies } from './role-policies.js';

type Roles = RolePolicies['roles'];

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SOURCES = ['infra', 'src', 'test/support', 'test/infra', 'package.json'];
const CACHE = join(tmpdir(), 'latchkey-test-roles');

async function sourceKey(configFile: string, extra: unknown): Promise<string> {
  const hash = createHash('sha256');
  hash.update(await readFile(configFile));
  hash.update(JSON.stringify(extra));
  for (const source of SOURCES) {
    const path = join(ROOT, source);
    const entries = source.endsWith('.json')
      ? ['']
      : (await readdir(path, { recursive: true })).filter((f) => /\.(ts|ya?ml|json)$/.test(f)).sort();
    for (const entry of entries) {
      const file = entry ? join(path, entry) : path;
      hash.update(file);
      hash.update(await readFile(file).catch(() => Buffer.alloc(0)));
    }
  }
  return hash.digest('hex').slice(0, 32);
}

/** The roles `synthesize` would give, read from the cache when the sources are the same. */
export async function cachedRoles(
  configFile: string,
  extra: unknown,
  synthesize: () => Promise<Roles>,
): Promise<Roles> {
  const file = join(CACHE, `${await sourceKey(configFile, extra)}.json`);
  const kept = await readFile(file, 'utf8').then(
    (text) => JSON.parse(text) as Roles,
    () => undefined,
  );
  if (kept) return kept;
  const roles = await synthesize();
  await mkdir(CACHE, { recursive: true });
  const aside = `${file}.${process.pid}.${Date.now()}`;
  await writeFile(aside, JSON.stringify(roles));
  await rename(aside, file);
  return roles;
}
