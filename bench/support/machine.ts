// The machine a run was made on: cores, memory, Node, and how busy it was.

import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';

function output(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', timeout: 5000 }).trim();
  } catch {
    return 'unavailable';
  }
}

export function describeMachine(): string {
  const free = output('free', ['-h']);
  return [
    `nproc: ${output('nproc', [])} (${cpus()[0]?.model ?? 'unknown cpu'})`,
    `node: ${process.version}`,
    `load average: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}`,
    'free -h:',
    ...free.split('\n').map((l) => `  ${l}`),
  ].join('\n');
}

export function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}
