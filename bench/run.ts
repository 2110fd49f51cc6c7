// `npm run bench`: runs every benchmark against the simulators, one after the other, prints the figures as
// a table and exits non-zero when a target is missed. `npm run bench -- <name>…` runs only those named.
// Each benchmark runs in a process of its own: one that seeds 10,000 grants leaves a large heap, timers
// and sockets behind, and a real-time benchmark after it in the same process would measure those.

import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ackLatency } from './ack-latency.js';
import { approvalLatency } from './approval-latency.js';
import { assignmentPacing } from './assignment-pacing.js';
import { lambdaBundles } from './bundles.js';
import { expiryLatenessLambda } from './expiry-lambda.js';
import { expiryLateness } from './expiry-lateness.js';
import { listAll } from './list-all.js';
import { residentMemory } from './memory.js';
import { provisioningBurst } from './provisioning-burst.js';
import { killAll, killChildrenOnExit, stopChild, track } from './support/children.js';
import { type Benchmark, broken, type Figure } from './support/figure.js';
import { describeMachine, loadAverage } from './support/machine.js';
import { REPO_ROOT } from './support/serve-process.js';
import { markdownTable } from './support/table.js';
import { sweeperAtScale, sweeperLowQuotas, sweeperQuotas } from './sweeper-quotas.js';
import { sweeperUnlimited } from './sweeper-unlimited.js';

const BENCHMARKS: Record<string, Benchmark> = {
  ack: ackLatency,
  approval: approvalLatency,
  sweeper: sweeperQuotas,
  'adapter-pacing': assignmentPacing,
  'sweeper-low-quotas': sweeperLowQuotas,
  'sweeper-5000': sweeperAtScale,
  provisioning: provisioningBurst,
  'list-all': listAll,
  'sweeper-unlimited': sweeperUnlimited,
  expiry: expiryLateness,
  'expiry-lambda': expiryLatenessLambda,
  memory: residentMemory,
  bundles: lambdaBundles,
};

/** No benchmark may run longer than this, whatever goes wrong (seeding thousands of grants takes minutes). */
const LIMIT_MS = 900_000;
/** Longer limits for benchmarks that run in real time for minutes. */
const LIMITS: Record<string, number> = { 'expiry-lambda': 900_000 };

async function main(): Promise<number> {
  killChildrenOnExit();
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !(name in BENCHMARKS));
  if (unknown.length > 0) {
    process.stderr.write(
      `unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(BENCHMARKS).join(', ')}\n`,
    );
    return 2;
  }
  const names = asked.length > 0 ? asked : Object.keys(BENCHMARKS);
  process.stderr.write(`${describeMachine()}\n\n`);
  const figures: Figure[] = [];
  const started = performance.now();
  for (const name of names) {
    const t0 = performance.now();
    process.stderr.write(`▶ ${name} (load ${loadAverage()})\n`);
    try {
      figures.push(...(await inItsOwnProcess(name, LIMITS[name] ?? LIMIT_MS)));
    } catch (error) {
      figures.push(broken(name, error));
    } finally {
      killAll();
    }
    process.stderr.write(`  ${name} took ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  const table = markdownTable(figures);
  const summary = [
    `command: npm run bench${asked.length ? ` -- ${asked.join(' ')}` : ''}`,
    `finished: ${new Date().toISOString()}, ${((performance.now() - started) / 1000).toFixed(0)} s in all`,
    describeMachine(),
    '',
    table,
  ].join('\n');
  process.stdout.write(`\n${table}\n`);
  const out = join(REPO_ROOT, 'bench', 'out');
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'latest.md'), `${summary}\n`);
  const missed = figures.filter((f) => f.pass === false);
  if (missed.length > 0) process.stderr.write(`\n${missed.length} target(s) missed.\n`);
  return missed.length > 0 ? 1 : 0;
}

/** Runs one benchmark in a child process (`--one <name> <file>`), which writes its figures to the file. */
async function inItsOwnProcess(name: string, limitMs: number): Promise<Figure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'latchkey-bench-'));
  const file = join(dir, 'figures.json');
  try {
    const child = track(
      spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--one', name, file], {
        stdio: ['ignore', 'inherit', 'inherit'],
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const code = await withinLimit(exited, limitMs).catch(async (error: unknown) => {
      await stopChild(child);
      throw error;
    });
    if (code !== 0) throw new Error(`the benchmark's process exited with ${code}`);
    return JSON.parse(await readFile(file, 'utf8')) as Figure[];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The child's side: one benchmark, its figures (or why it broke) written to `file`. */
async function runOne(name: string, file: string): Promise<number> {
  killChildrenOnExit();
  const benchmark = BENCHMARKS[name];
  const figures = benchmark
    ? await withinLimit(benchmark(), LIMITS[name] ?? LIMIT_MS).catch((error: unknown) => [
        broken(name, error),
      ])
    : [broken(name, new Error('unknown benchmark'))];
  killAll();
  await writeFile(file, JSON.stringify(figures));
  return 0;
}

function withinLimit<T>(work: Promise<T>, limitMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`stopped after ${limitMs / 1000} s`)), limitMs);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

const [flag, oneName, oneFile] = process.argv.slice(2);
(flag === '--one' && oneName && oneFile ? runOne(oneName, oneFile) : main()).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    killAll();
    process.exit(1);
  },
);
