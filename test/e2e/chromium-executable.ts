// Which Chromium the browser tests drive, found the way a developer's machine offers one, so that
// `npm install && npm test` is the whole set-up: a path set in LATCHKEY_CHROMIUM (or CHROME_PATH, which
// other Chrome tooling reads), else the system's Chrome or Chromium where Linux and macOS install them,
// else the Chromium for Linux x64 that the @sparticuz/chromium dev dependency carries, compressed.
//
// That package inflates its browser into os.tmpdir() and trusts any file already there, so two test
// files starting at once could launch half a binary. It is therefore run in a child process whose
// temporary folder is one of ours, and the finished folder is published by a single rename. The browser
// needs NSS, NSPR and expat from the system; where they are missing (a slim container), it is given the
// copies the package carries for Amazon Linux.

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

export interface ChromiumExecutable {
  path: string;
  /** Command-line switches this build needs, beyond what playwright passes. */
  args: string[];
  /** Where it was found, for the test log. */
  source: string;
  /** Environment variables the browser needs on top of the test's. */
  env: Record<string, string>;
}

const SETTINGS = ['LATCHKEY_CHROMIUM', 'CHROME_PATH'] as const;

const SYSTEM_BROWSERS: Partial<Record<NodeJS.Platform, string[]>> = {
  linux: [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/opt/google/chrome/chrome',
  ],
  darwin: [
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    join(homedir(), 'Applications/Google Chrome.app/Contents/MacOS/Google Chrome'),
    join(homedir(), 'Applications/Chromium.app/Contents/MacOS/Chromium'),
  ],
};

/** What a desktop Chrome or Chromium needs to run headless in a container or as root. */
/** Where Linux distributions keep NSS, which the packaged Chromium links against. */
const SYSTEM_NSS = [
  '/usr/lib/x86_64-linux-gnu/libnss3.so',
  '/lib/x86_64-linux-gnu/libnss3.so',
  '/usr/lib64/libnss3.so',
  '/usr/lib/libnss3.so',
];

const SYSTEM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function findChromium(env: NodeJS.ProcessEnv = process.env): Promise<ChromiumExecutable> {
  for (const name of SETTINGS) {
    const path = env[name];
    if (!path) continue;
    if (!existsSync(path)) throw new Error(`${name} is ${path}, which does not exist`);
    return { path, args: SYSTEM_ARGS, source: name, env: {} };
  }
  const system = SYSTEM_BROWSERS[process.platform]?.find((path) => existsSync(path));
  if (system) return { path: system, args: SYSTEM_ARGS, source: 'system', env: {} };
  if (process.platform === 'linux' && process.arch === 'x64') return packagedChromium();
  throw new Error(
    `No Chrome or Chromium found: install one, or set LATCHKEY_CHROMIUM to its executable (looked at ${(SYSTEM_BROWSERS[process.platform] ?? []).join(', ') || 'nothing on this platform'})`,
  );
}

async function packagedChromium(): Promise<ChromiumExecutable> {
  const entry = createRequire(import.meta.url).resolve('@sparticuz/chromium');
  const manifest = JSON.parse(await readFile(join(dirname(entry), '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  const home = join(tmpdir(), `chromium-${manifest.version}-sparticuz`);
  const path = join(home, 'chromium');
  const libraries = join(home, 'al2023', 'lib');
  if (!existsSync(path)) {
    const staging = await mkdtemp(`${home}-`);
    const bin = join(dirname(entry), '..', 'bin');
    const inflate = [
      `const { default: chromium, inflate } = await import(${JSON.stringify(pathToFileURL(entry).href)});`,
      'await chromium.executablePath();',
      `await inflate(${JSON.stringify(join(bin, 'al2023.tar.br'))});`,
    ].join('\n');
    await promisify(execFile)(process.execPath, ['--input-type=module', '-e', inflate], {
      env: { ...process.env, TMPDIR: staging },
    });
    try {
      await rename(staging, home);
    } catch (error) {
      // Another test file published it first: theirs is as good as ours.
      await rm(staging, { recursive: true, force: true });
      if (!existsSync(path)) throw error;
    }
  }
  const { default: chromium } = await import('@sparticuz/chromium');
  const withLibraries = !SYSTEM_NSS.some((file) => existsSync(file));
  return {
    path,
    args: chromium.args,
    source: `@sparticuz/chromium ${manifest.version}${withLibraries ? ', with its own NSS' : ''}`,
    env: withLibraries
      ? { LD_LIBRARY_PATH: [libraries, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':') }
      : {},
  };
}
