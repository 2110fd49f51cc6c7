// `latchkey serve` as a child process in real mode, pointed at the simulators: Slack's Web API at the
// Slack simulator, sso-admin / identitystore / STS at the Identity Center simulator, the embedded store in
// a temporary directory. It is `npx tsx commands/latchkey.ts serve` run as one node process
// (`node --import tsx`), so that the pid read for memory is the server's own. With `--expose-gc` and a
// SIGUSR2 hook the benchmark can force a garbage collection before reading the resident memory.

import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopChild, track } from './children.js';
import { BOT_TOKEN, SIGNING_SECRET } from './world.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const GC_ON_SIGNAL = `data:text/javascript,${encodeURIComponent("process.on('SIGUSR2', () => globalThis.gc?.());")}`;

export interface ServeOptions {
  slackApiUrl: string;
  identityCenterUrl: string;
  configPath: string;
  dataDir: string;
  logLevel?: string;
  startTimeoutMs?: number;
  /** Extra node options, such as `--cpu-prof` when looking for a cause. */
  nodeArgs?: string[];
}

/** LATCHKEY_BENCH_PROFILE=<dir> profiles every `serve` the benchmarks start (node --cpu-prof). */
export function profilingArgs(): string[] {
  const dir = process.env.LATCHKEY_BENCH_PROFILE;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

export interface ServeProcess {
  pid: number;
  port: number;
  botUrl: string;
  /** VmRSS from /proc/<pid>/status, in bytes. */
  rssBytes(): Promise<number>;
  /** Forces garbage collection twice and waits until the resident memory stops moving; answers it. */
  settledRss(): Promise<number>;
  /** The last lines the process wrote, for error messages. */
  tail(): string;
  stop(): Promise<void>;
}

export async function startServe(options: ServeOptions): Promise<ServeProcess> {
  const child = track(
    spawn(
      process.execPath,
      [
        ...(options.nodeArgs ?? profilingArgs()),
        '--expose-gc',
        '--import',
        'tsx',
        `--import=${GC_ON_SIGNAL}`,
        'commands/latchkey.ts',
        'serve',
      ],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          NODE_ENV: 'production',
          SLACK_BOT_TOKEN: BOT_TOKEN,
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
          SLACK_API_URL: options.slackApiUrl,
          PORT: '0',
          LATCHKEY_CONFIG: options.configPath,
          LATCHKEY_DATA_DIR: options.dataDir,
          LATCHKEY_LOG_LEVEL: options.logLevel ?? 'info',
          AWS_ENDPOINT_URL_SSO_ADMIN: options.identityCenterUrl,
          AWS_ENDPOINT_URL_IDENTITYSTORE: options.identityCenterUrl,
          AWS_ENDPOINT_URL_STS: options.identityCenterUrl,
          AWS_ACCESS_KEY_ID: 'AKIDLATCHKEYBENCH',
          AWS_SECRET_ACCESS_KEY: 'latchkey-bench-secret',
          AWS_REGION: 'eu-west-1',
        },
      },
    ),
  );
  const lines: string[] = [];
  const remember = (line: string) => {
    lines.push(line);
    if (lines.length > 40) lines.shift();
  };
  const tail = () => lines.join('\n');

  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(() => {
      reject(
        new Error(`latchkey serve did not start within ${options.startTimeoutMs ?? 60_000} ms:\n${tail()}`),
      );
    }, options.startTimeoutMs ?? 60_000);
    const onLine = (line: string) => {
      remember(line);
      if (!line.includes('latchkey is ready')) return;
      try {
        const parsed = JSON.parse(line) as { port?: number };
        if (parsed.port) {
          clearTimeout(timer);
          resolvePort(parsed.port);
        }
      } catch {
        // not a log line
      }
    };
    lineReader(child.stdout!, onLine);
    lineReader(child.stderr!, remember);
    child.once('exit', async (code, signal) => {
      clearTimeout(timer);
      // Let the last lines it wrote arrive before saying why.
      await sleep(200);
      reject(new Error(`latchkey serve exited (${code ?? signal}) before it was ready:\n${tail()}`));
    });
  });

  const pid = child.pid!;
  const rssBytes = async () => {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    if (!kb) throw new Error(`no VmRSS for ${pid}`);
    return Number(kb) * 1024;
  };
  return {
    pid,
    port,
    botUrl: `http://127.0.0.1:${port}/slack/events`,
    rssBytes,
    async settledRss() {
      let previous = 0;
      for (let round = 0; round < 20; round++) {
        child.kill('SIGUSR2');
        await sleep(500);
        const now = await rssBytes();
        if (round >= 2 && Math.abs(now - previous) < 512 * 1024) return now;
        previous = now;
      }
      return previous;
    },
    tail,
    stop: () => stopChild(child),
  };
}

function lineReader(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffered += chunk;
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      onLine(buffered.slice(0, newline));
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf('\n');
    }
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
