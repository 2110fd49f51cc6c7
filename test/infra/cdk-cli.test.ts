// The deployment's own tooling: `npm run synth` runs the CDK CLI pinned in package.json on the project's
// Node, and needs no network — every connection to anything but this machine is refused and recorded by
// a preload in each Node process it starts (the CLI, the app, npx), and none may be attempted.

import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/bundle.js';

const NO_NETWORK = `
const net = require('node:net');
const dns = require('node:dns');
const fs = require('node:fs');
const log = process.env.LATCHKEY_NETWORK_LOG;
const local = (host) => host === undefined || ['127.0.0.1', 'localhost', '::1'].includes(host);
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const options = typeof first === 'object' && first !== null ? first : { port: first, host: args[1] };
  if (!options.path && !local(options.host)) {
    fs.appendFileSync(log, process.argv.slice(1, 3).join(' ') + ' -> ' + options.host + ':' + options.port + '\\n');
    process.nextTick(() => this.destroy(new Error('no network during synth')));
    return this;
  }
  return connect.apply(this, args);
};
const lookup = dns.lookup;
dns.lookup = function (host, ...rest) {
  if (!local(host)) fs.appendFileSync(log, process.argv.slice(1, 3).join(' ') + ' -> dns ' + host + '\\n');
  return lookup.call(this, host, ...rest);
};
`;

interface Run {
  code: number | null;
  output: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

let dir: string;
let synth: Run;
const networkLog = () => join(dir, 'network.log');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'latchkey-synth-'));
  await writeFile(join(dir, 'no-network.cjs'), NO_NETWORK);
  await writeFile(networkLog(), '');
  synth = await run('npm', ['run', 'synth', '--', '--quiet', '--output', join(dir, 'cdk.out')], {
    LATCHKEY_CONFIG: 'test/infra/fixtures/latchkey.yml',
    LATCHKEY_STACK_NAME: 'LatchkeyOffline',
    LATCHKEY_NETWORK_LOG: networkLog(),
    NODE_OPTIONS: `--require ${join(dir, 'no-network.cjs')}`,
    // Whatever the machine says, nothing may be fetched.
    npm_config_offline: 'true',
  });
}, 300_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('npm run synth', () => {
  it('synthesizes the stack from the config given, offline', async () => {
    expect(synth.output).not.toMatch(/no network during synth/);
    expect(synth.code, synth.output).toBe(0);
    expect(await readFile(networkLog(), 'utf8')).toBe('');
    const template = JSON.parse(
      await readFile(join(dir, 'cdk.out', 'LatchkeyOffline.template.json'), 'utf8'),
    );
    const runtimes = Object.values(
      template.Resources as Record<string, { Type: string; Properties: { Runtime?: string } }>,
    )
      .filter((r) => r.Type === 'AWS::Lambda::Function')
      .map((r) => r.Properties.Runtime);
    expect(runtimes).toEqual(['nodejs24.x', 'nodejs24.x', 'nodejs24.x']);
    // Version reporting is off (cdk.json): the template carries no CDK metadata resource.
    expect(Object.keys(template.Resources)).not.toContain('CDKMetadata');
  });

  it('runs the CDK CLI pinned in package.json', async () => {
    const pkg = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8'));
    const version = await run(join(REPO_ROOT, 'node_modules', '.bin', 'cdk'), ['--version'], {
      CDK_DISABLE_VERSION_CHECK: '1',
    });
    expect(version.output.trim().split(' ')[0]).toBe(pkg.devDependencies['aws-cdk']);
  });
});
