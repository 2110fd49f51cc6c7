import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, describe, expect, it, type OnTestFinishedHandler } from 'vitest';
import { parse, stringify } from 'yaml';
import { type RunningOrganizationsSim, startOrganizationsSim } from '../../src/sim/organizations/index.js';
import { type RunningPagerDutySim, startPagerDutySim } from '../../src/sim/pagerduty/index.js';
import { SAMPLE_ORG } from '../../src/sim/sandbox.js';
import { install, killAll, runLatchkey, startSimulators } from '../support/latchkey-process.js';
import { sandboxOrg } from '../support/slack-sim.js';

const TOKEN = 'u+doctor-token';

/**
 * Simulators and an installation of the test's own, so the tests (each a `latchkey doctor` process) run
 * side by side; removed when the test ends.
 */
async function deploy(onTestFinished: (fn: OnTestFinishedHandler) => void) {
  const sims = await startSimulators();
  const installation = await install(sims, { minDuration: '1s' });
  const pd: RunningPagerDutySim = await startPagerDutySim({ org: await sandboxOrg(), token: TOKEN });
  // The sample config has an entitlement on an OU, which doctor resolves through Organizations.
  const orgs: RunningOrganizationsSim = await startOrganizationsSim({ orgFile: SAMPLE_ORG });
  onTestFinished(async () => {
    await pd.close();
    await orgs.close();
    await sims.close();
    await installation.remove();
  });
  return {
    installation,
    doctor: (env: Record<string, string>) =>
      runLatchkey(
        ['doctor'],
        installation.env({
          PAGERDUTY_API_URL: pd.url,
          AWS_ENDPOINT_URL_ORGANIZATIONS: orgs.url,
          ...env,
        }),
      ),
  };
}

describe.concurrent('latchkey doctor: the PagerDuty token and schedules of on-call auto-approval', () => {
  afterAll(killAll);

  it('passes with the token PagerDuty accepts and a schedule it has', async ({ onTestFinished }) => {
    const { doctor } = await deploy(onTestFinished);
    const run = await doctor({ PAGERDUTY_TOKEN: TOKEN });
    expect(run.stdout).toContain('✓ PagerDuty token: PagerDuty');
    expect(run.stdout).toContain('✓ PagerDuty schedule PPRODON: Production primary, used by oncall-admin.');
    expect(run.stdout).toContain('All checks passed.');
    expect(run.code).toBe(0);
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
  });

  it('fails clearly when PagerDuty refuses the token, and never prints it', async ({ onTestFinished }) => {
    const { doctor } = await deploy(onTestFinished);
    const run = await doctor({ PAGERDUTY_TOKEN: 'u+a-wrong-token' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '✗ PagerDuty token: PagerDuty refused PAGERDUTY_TOKEN: answered 401 (Authentication failed, code 2006): the token was refused.',
    );
    expect(run.stdout).toContain('1 check(s) failed.');
    expect(run.stdout + run.stderr).not.toContain('u+a-wrong-token');
  });

  it('fails when the token is missing though an entitlement approves whoever is on call', async ({
    onTestFinished,
  }) => {
    const { doctor } = await deploy(onTestFinished);
    const run = await doctor({});
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✗ PagerDuty token: PAGERDUTY_TOKEN is not set, but oncall-admin approve');
  });

  it('fails for a configured schedule PagerDuty does not have', async ({ onTestFinished }) => {
    const { doctor, installation } = await deploy(onTestFinished);
    const { configPath } = installation;
    const doc = parse(await readFile(configPath, 'utf8')) as { entitlements: Record<string, unknown>[] };
    const oncall = doc.entitlements.find((e) => e.id === 'oncall-admin')!;
    oncall.autoApprove = { pagerduty: { schedules: ['PPRODON', 'PGONE42'] } };
    await writeFile(configPath, stringify(doc));

    const run = await doctor({ PAGERDUTY_TOKEN: TOKEN });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✓ PagerDuty schedule PPRODON');
    expect(run.stdout).toContain(
      '✗ PagerDuty schedule PGONE42: PagerDuty has no schedule PGONE42 (used by oncall-admin).',
    );
  });
});
