// The real `latchkey` command (compiled once for the run) as a child process in real mode, pointed at the
// simulators running in the test process: Slack through SLACK_API_URL, Identity Center through
// AWS_ENDPOINT_URL_*, the embedded store in a temporary directory. Every process started here is killed by `killAll`, whatever the test did.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebClient } from '@slack/web-api';
import { afterAll, afterEach, beforeEach } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import type { Grant } from '../../src/core/grant.js';
import type { Holding } from '../../src/core/ports.js';
import { cloudTrailSource } from '../../src/runtime/activity.js';
import { connectIdentityCenter, type IdentityCenterTuning } from '../../src/runtime/identity-center.js';
import { createLogger } from '../../src/runtime/logger.js';
import { assembleService } from '../../src/runtime/service.js';
import type { ServiceDeps } from '../../src/service/deps.js';
import { type RunningCloudTrailSim, startCloudTrailSim } from '../../src/sim/cloudtrail/index.js';
import {
  type RunningSim,
  type StartOptions,
  startIdentityCenterSim,
} from '../../src/sim/identity-center/index.js';
import { SAMPLE_ORG } from '../../src/sim/sandbox.js';
import type { SlackSim } from '../../src/sim/slack/index.js';
import { openStore } from '../../src/store/open.js';
import { sandboxConfigWith } from './active-grants.js';
import { latchkeyArgs } from './cli.js';
import { BOT_TOKEN, quietLogger, SIGNING_SECRET, startSim } from './slack-sim.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Simulators {
  ic: RunningSim;
  slack: SlackSim;
  /** CloudTrail Lake, for the activity digests of configs that have them. */
  ct: RunningCloudTrailSim;
  close(): Promise<void>;
}

export async function startSimulators(
  identityCenter: Omit<StartOptions, 'orgFile' | 'seed'> = {},
): Promise<Simulators> {
  const ic = await startIdentityCenterSim({ orgFile: SAMPLE_ORG, provisioningMs: 30, ...identityCenter });
  const slack = await startSim();
  const ct = await startCloudTrailSim();
  return {
    ic,
    slack,
    ct,
    close: async () => {
      await slack.close();
      await ic.close();
      await ct.close();
    },
  };
}

/** One installation: a config file and a data directory, in a temporary directory of its own. */
export interface Installation {
  configPath: string;
  dataDir: string;
  /** The environment `latchkey` reads in real mode, against the simulators. */
  env(extra?: Record<string, string>): NodeJS.ProcessEnv;
  remove(): Promise<void>;
}

/** The sandbox config with `defaults` changed (a minDuration of seconds lets grants end within a test). */
export async function install(
  sims: Simulators,
  defaults: Record<string, unknown> = { minDuration: '1s' },
): Promise<Installation> {
  const dir = await mkdtemp(join(tmpdir(), 'latchkey-'));
  const configPath = join(dir, 'latchkey.yml');
  await writeFile(configPath, await sandboxConfigWith(defaults));
  const dataDir = join(dir, 'data');
  return {
    configPath,
    dataDir,
    env: (extra = {}) => ({
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dir,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: sims.slack.apiUrl,
      PORT: '0',
      LATCHKEY_CONFIG: configPath,
      LATCHKEY_DATA_DIR: dataDir,
      LATCHKEY_LOG_LEVEL: 'info',
      AWS_ENDPOINT_URL_SSO_ADMIN: sims.ic.url,
      AWS_ENDPOINT_URL_IDENTITYSTORE: sims.ic.url,
      AWS_ENDPOINT_URL_STS: sims.ic.url,
      AWS_ENDPOINT_URL_CLOUDTRAIL: sims.ct.url,
      AWS_ACCESS_KEY_ID: 'AKIDLATCHKEYTEST',
      AWS_SECRET_ACCESS_KEY: 'latchkey-test-secret',
      AWS_REGION: 'eu-west-1',
      ...extra,
    }),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface LatchkeyProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<Exit>;
  /** Resolves with the HTTP port once `latchkey serve` says it is ready; rejects if it exits first. */
  ready(timeoutMs?: number): Promise<number>;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<Exit>;
}

const running = new Set<ChildProcess>();

export function startLatchkey(args: string[], env: NodeJS.ProcessEnv): LatchkeyProcess {
  const child = spawn(process.execPath, latchkeyArgs(args), {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<Exit>((resolve) => {
    // 'close' rather than 'exit': the output is read to its end by then.
    child.once('close', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });

  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    ready: (timeoutMs = 20_000) =>
      new Promise<number>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`latchkey did not start within ${timeoutMs} ms:\n${out}\n${err}`)),
          timeoutMs,
        );
        const look = () => {
          const line = logLines(out).find((l) => l.msg === 'latchkey is ready');
          if (line && typeof line.port === 'number') {
            clearTimeout(timer);
            child.stdout?.off('data', look);
            resolve(line.port);
          }
        };
        child.stdout?.on('data', look);
        look();
        void exited.then((exit) => {
          clearTimeout(timer);
          reject(
            new Error(`latchkey exited (${exit.code ?? exit.signal}) before it was ready:\n${out}\n${err}`),
          );
        });
      }),
    stop: async (graceMs = 5000) => {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const exit = await exited;
      clearTimeout(timer);
      return exit;
    },
  };
}

/** Runs a `latchkey` command to its end (killed after `timeoutMs`). */
export async function runLatchkey(
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 30_000,
): Promise<Exit & { stdout: string; stderr: string }> {
  const run = startLatchkey(args, env);
  const timer = setTimeout(() => run.child.kill('SIGKILL'), timeoutMs);
  const exit = await run.exited;
  clearTimeout(timer);
  return { ...exit, stdout: run.stdout(), stderr: run.stderr() };
}

/** Kills whatever `latchkey` process is still running: for afterEach and finally blocks. */
export async function killAll(): Promise<void> {
  const left = [...running];
  await Promise.all(
    left.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

export type LogLine = Record<string, unknown> & { msg?: string };

/** The JSON log lines pino wrote. */
export function logLines(text: string): LogLine[] {
  const lines: LogLine[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      lines.push(JSON.parse(line) as LogLine);
    } catch {
      // a line cut short by SIGKILL
    }
  }
  return lines;
}

export interface StoredState {
  grants: Grant[];
  holdings: Holding[];
}

/** Reads an installation's embedded store while no `latchkey` process has it open. */
export async function readStore(dataDir: string, grantIds: string[]): Promise<StoredState> {
  const opened = await openStore({ dataDir });
  try {
    const grants: Grant[] = [];
    for (const id of grantIds) {
      const grant = await opened.store.get(id);
      if (grant) grants.push(grant);
    }
    return { grants, holdings: await opened.store.listHoldings() };
  } finally {
    await opened.close();
  }
}

export interface OpenedService {
  deps: ServiceDeps;
  /** Waits for provisioning started by the service, then closes the store so a `latchkey` process can open it. */
  close(): Promise<void>;
}

/** The grant service on an installation's embedded store, in this process: for setting up what a command finds. */
export async function openService(
  sims: Simulators,
  installation: Installation,
  tuning?: IdentityCenterTuning,
): Promise<OpenedService> {
  const config = await loadConfig(installation.configPath);
  const opened = await openStore({ dataDir: installation.dataDir });
  const { deps, inProcess, homes } = assembleService({
    config,
    store: opened.store,
    identityCenter: connectIdentityCenter(config, sims.ic.url, tuning).identityCenter,
    slack: new WebClient(BOT_TOKEN, { slackApiUrl: sims.slack.apiUrl, logger: quietLogger }),
    log: createLogger('silent'),
    ...(config.activity && { activitySource: cloudTrailSource(config, { endpoint: sims.ct.url })! }),
  });
  return {
    deps,
    close: async () => {
      await inProcess?.idle();
      await homes.close();
      await opened.close();
    },
  };
}

export interface Deployed {
  sims: Simulators;
  installation: Installation;
}

/**
 * Fresh simulators and a fresh installation for each test of the calling describe block, with every
 * child process ended after it. Read the returned object inside tests: it is filled in by `beforeEach`.
 */
export function useInstallation(options: Parameters<typeof install>[1]): Deployed {
  const deployed = {} as Deployed;
  beforeEach(async () => {
    deployed.sims = await startSimulators();
    deployed.installation = await install(deployed.sims, options);
  });
  afterEach(async () => {
    await killAll();
    await deployed.sims.close();
    await deployed.installation.remove();
  });
  afterAll(killAll);
  return deployed;
}
