// `latchkey config check` run as a person runs it: a child process, its output and its exit code.

import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latchkeyArgs } from '../support/cli.js';
import {
  entitlementAt,
  README_CONFIG_FILE,
  readmeConfigWith,
  SANDBOX_CONFIG_FILE,
} from '../support/config.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function latchkey(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      latchkeyArgs(args),
      { cwd: ROOT, env: { ...process.env, LATCHKEY_CONFIG: undefined, ...env }, timeout: 20_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('latchkey config check', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'latchkey-config-check-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a valid config exits 0 and shows who may request what, approved by whom, for how long', async () => {
    const { code, stdout, stderr } = await latchkey(['config', 'check', '--config', README_CONFIG_FILE]);

    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`${README_CONFIG_FILE} is a valid Latchkey config.`);
    const rows = stdout
      .split('\n')
      .map((line) => line.split(/\s{2,}/))
      .filter((cells) => cells.length === 8 && !cells[0]?.startsWith('-'));
    expect(rows).toEqual([
      [
        'Entitlement',
        'Requesters',
        'Approvers',
        'Approvals',
        'Self-approve',
        'Duration',
        'Target',
        'Channel',
      ],
      [
        'prod-admin',
        'anyone',
        'U0LEAD1, @sre-leads',
        '2',
        'no',
        '5m to 2h',
        'AdministratorAccess on account 123456789012',
        'C0PRODAPPROVALS',
      ],
      [
        'billing-read',
        '@engineering',
        '@finance-leads',
        '1',
        'no',
        '5m to 8h',
        'member of group BillingReaders',
        'C0APPROVALS',
      ],
      [
        'incident-breakglass',
        'anyone',
        '@sre-leads',
        'none, granted at once',
        'no',
        '5m to 1h',
        'ReadOnlyAccess on account 123456789012',
        'C0APPROVALS',
      ],
    ]);
  });

  it('the sandbox config checks out too, read through the short option', async () => {
    const { code, stdout } = await latchkey(['config', 'check', '-c', SANDBOX_CONFIG_FILE]);

    expect(code).toBe(0);
    expect(stdout).toMatch(/^staging-admin\s+anyone\s+U0BOB, U0CAROL\s+1\s+yes\s+30s to 4h\s/m);
  });

  it('without --config it reads the file named by LATCHKEY_CONFIG', async () => {
    const { code, stdout } = await latchkey(['config', 'check'], { LATCHKEY_CONFIG: SANDBOX_CONFIG_FILE });

    expect(code).toBe(0);
    expect(stdout).toContain(`${SANDBOX_CONFIG_FILE} is a valid Latchkey config.`);
  });

  it('a broken config exits 1 and prints every problem, each at its path', async () => {
    const file = join(dir, 'broken.yml');
    await writeFile(
      file,
      readmeConfigWith((doc) => {
        entitlementAt(doc, 1).maxDuration = '8 hours';
        entitlementAt(doc, 2).id = 'prod-admin';
        entitlementAt(doc, 0).minDuration = '3h';
      }),
    );

    const { code, stdout, stderr } = await latchkey(['config', 'check', '--config', file]);

    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `${file} is not a valid Latchkey config:\n` +
        '  - entitlements[0].minDuration: the minimum duration (3h) is longer than the maximum (2h)\n' +
        '  - entitlements[1].maxDuration: "8 hours" is not a duration; write it like 90s, 30m, 2h or 1d\n' +
        '  - entitlements[2].id: "prod-admin" is already used by entitlements[0]\n',
    );
  });

  it('a file that does not exist exits 1 and says so', async () => {
    const file = join(dir, 'missing.yml');

    const { code, stderr } = await latchkey(['config', 'check', '--config', file]);

    expect(code).toBe(1);
    expect(stderr).toBe(`${file} is not a valid Latchkey config:\n  - file not found\n`);
  });
});
