// The compiled command line as production installs it: `npm run build`, then `npm ci --omit=dev`, then
// `node dist/latchkey.js serve`. The build goes to a folder of its own next to a copy of package.json and
// a node_modules holding only what the lock file installs without dev dependencies; Node runs it with
// --preserve-symlinks, so those packages resolve their own dependencies there too and nothing is found
// in the full install by accident.

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/bundle.js';
import { buildCommandLine, type CommandLineBuild, SOURCE_ONLY_PACKAGES } from '../../infra/cli-bundle.js';
import { eventually } from '../support/eventually.js';

interface PackageJson {
  bin: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}
interface LockEntry {
  dev?: boolean;
  link?: boolean;
}

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as PackageJson;
const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, LockEntry>;
};

/** The top-level packages `npm ci --omit=dev` installs (those of other platforms are absent here). */
const productionPackages = () =>
  Object.entries(lock.packages)
    .filter(([path, entry]) => /^node_modules\/(@[^/]+\/)?[^/@]+$/.test(path) && !entry.dev && !entry.link)
    .map(([path]) => path.slice('node_modules/'.length))
    .filter((name) => existsSync(join(REPO_ROOT, 'node_modules', name)));

const packageOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

let dir: string;
let install: string;
let built: CommandLineBuild;
let server: ChildProcess | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'latchkey-compiled-'));
  install = join(dir, 'latchkey');
  built = await buildCommandLine(join(install, 'dist'));
  await copyFile(join(REPO_ROOT, 'package.json'), join(install, 'package.json'));
  for (const name of productionPackages()) {
    const link = join(install, 'node_modules', name);
    await mkdir(dirname(link), { recursive: true });
    await symlink(join(REPO_ROOT, 'node_modules', name), link, 'dir');
  }
}, 60_000);

afterAll(async () => {
  if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('npm run build', () => {
  it('writes the file package.json names as the command, run by plain Node', async () => {
    expect(join(install, pkg.bin.latchkey ?? '')).toBe(built.entry);
    expect((await readFile(built.entry, 'utf8')).split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('leaves out the simulators from what every run loads: sandbox mode is a chunk of its own', () => {
    const entry =
      built.metafile.outputs[Object.keys(built.metafile.outputs).find((o) => o.endsWith('/latchkey.js'))!];
    const loaded = Object.keys(entry?.inputs ?? {});
    expect(loaded).toContain('commands/latchkey.ts');
    expect(loaded.filter((input) => input.startsWith('src/sim/'))).toEqual([]);
  });

  it('imports production dependencies only, and no TypeScript loader or bundler', () => {
    const imported = new Set<string>();
    for (const output of Object.values(built.metafile.outputs)) {
      for (const { path, external } of output.imports) {
        if (external && !path.startsWith('node:')) imported.add(packageOf(path));
      }
    }
    expect([...imported].filter((name) => !(name in pkg.dependencies))).toEqual([]);
    for (const name of ['tsx', ...SOURCE_ONLY_PACKAGES]) {
      expect(imported).not.toContain(name);
      expect(pkg.devDependencies).toHaveProperty(name);
      expect(lock.packages[`node_modules/${name}`]?.dev).toBe(true);
    }
  });
});

describe('node dist/latchkey.js serve, with production dependencies only', () => {
  it('starts sandbox mode, serves the prebuilt page, answers a request and stops on SIGTERM', async () => {
    expect(existsSync(join(install, 'node_modules', 'tsx'))).toBe(false);
    expect(existsSync(join(install, 'node_modules', 'esbuild'))).toBe(false);

    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (!/^(SLACK_|AWS_|LATCHKEY_|PORT$|NODE_OPTIONS$)/.test(key)) env[key] = value;
    }
    Object.assign(env, { PORT: '0', LATCHKEY_DATA_DIR: join(dir, 'data'), LATCHKEY_LOG_LEVEL: 'warn' });
    const child = spawn(process.execPath, ['--preserve-symlinks', built.entry, 'serve'], {
      cwd: install,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server = child;
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

    const pageUrl = await Promise.race([
      eventually(() => output.match(/Open (http:\/\/\S+)/)?.[1], { timeoutMs: 20_000, what: 'the page URL' }),
      exited.then((code) => Promise.reject(new Error(`latchkey serve exited with ${code}:\n${output}`))),
    ]);

    const page = await fetch(pageUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Latchkey sandbox</title>');
    const script = await fetch(new URL('ui/app.js', pageUrl));
    expect(await script.text()).toBe(await readFile(join(built.dir, 'sandbox', 'app.js'), 'utf8'));

    const asked = await fetch(new URL('ui/command', pageUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        as: 'U0ALICE',
        channel: 'C0APPROVALS',
        text: '/access prod-read 30m checking logs',
      }),
    });
    expect(asked.status).toBe(200);
    await eventually(
      async () => {
        const state = await fetch(new URL('ui/state?as=U0BOB', pageUrl));
        return JSON.stringify(await state.json()).includes('prod-read for 30m — Waiting for approval');
      },
      { what: 'the request message in the approval channel' },
    );

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).not.toMatch(/error/i);
  }, 60_000);
});
