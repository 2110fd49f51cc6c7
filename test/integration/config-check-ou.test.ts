// `latchkey config check` on a config with an entitlement on an OU: the accounts it resolves to today,
// read from the Organizations simulator over the SDK's AWS_ENDPOINT_URL_ORGANIZATIONS.

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningOrganizationsSim, startOrganizationsSim } from '../../src/sim/organizations/index.js';
import { SAMPLE_ORG } from '../../src/sim/sandbox.js';
import { latchkeyArgs } from '../support/cli.js';
import { SANDBOX_CONFIG_FILE } from '../support/config.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function configCheck(env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      latchkeyArgs(['config', 'check', '-c', SANDBOX_CONFIG_FILE]),
      { cwd: ROOT, env: { ...process.env, LATCHKEY_CONFIG: undefined, ...env }, timeout: 30_000 },
      (error, stdout) => resolve({ code: error === null ? 0 : Number(error.code ?? -1), stdout }),
    );
  });
}

describe('Command: config check with an OU', () => {
  let orgs: RunningOrganizationsSim;
  beforeAll(async () => {
    orgs = await startOrganizationsSim({ orgFile: SAMPLE_ORG });
  });
  afterAll(async () => {
    await orgs.close();
  });

  it('shows every active account under the OU, nested OUs included, and the one left out', async () => {
    const { code, stdout } = await configCheck({
      AWS_ENDPOINT_URL_ORGANIZATIONS: orgs.url,
      AWS_ACCESS_KEY_ID: 'AKIDCHECK',
      AWS_SECRET_ACCESS_KEY: 'check',
    });

    expect(code).toBe(0);
    expect(stdout).toContain('workloads-read: ou-l8k2-workload resolves to 4 active account(s):');
    for (const line of [
      '333333333333  billing',
      '444444444444  analytics',
      '555555555555  batch-jobs',
      '666666666666  batch-archive',
    ])
      expect(stdout).toContain(line);
    expect(stdout).toContain('not granted (not ACTIVE): 777777777777 retired-etl (SUSPENDED)');
  }, 40_000);

  it('still validates, and says so, when Organizations cannot be read', async () => {
    orgs.sim.failNext('*', 'AccessDeniedException', 10);

    const { code, stdout } = await configCheck({
      AWS_ENDPOINT_URL_ORGANIZATIONS: orgs.url,
      AWS_ACCESS_KEY_ID: 'AKIDCHECK',
      AWS_SECRET_ACCESS_KEY: 'check',
    });

    expect(code).toBe(0);
    expect(stdout).toContain('is a valid Latchkey config.');
    expect(stdout).toMatch(
      /workloads-read: ou-l8k2-workload could not be read from AWS Organizations \(AccessDeniedException/,
    );
  }, 40_000);
});
