// `latchkey doctor`: checks every outside dependency and prints a checklist; exits 1 on any failure.

import { WebClient } from '@slack/web-api';
import type { Command } from 'commander';
import { type CheckResult, runAwsChecks } from '../src/aws/doctor.js';
import { ConfigError, loadConfig } from '../src/config/load.js';
import { runPagerDutyChecks } from '../src/pagerduty/doctor.js';
import { readEnvironment } from '../src/runtime/environment.js';
import { connectIdentityCenter } from '../src/runtime/identity-center.js';
import { connectOrganizations } from '../src/runtime/organizations.js';
import { configPath, withConfigOption } from './options.js';

export function register(program: Command): void {
  withConfigOption(program.command('doctor'))
    .description(
      'check the AWS credentials, the Identity Center instance, every entitlement, the Slack token and, for on-call auto-approval, the PagerDuty token and schedules',
    )
    .action(async (options: { config?: string }) => {
      const results = await runChecks(options.config);
      for (const r of results) {
        process.stdout.write(`${r.ok ? (r.warning ? '!' : '✓') : '✗'} ${r.name}: ${r.detail}\n`);
        if (r.warning) process.stdout.write(`    warning: ${r.warning}\n`);
      }
      const failed = results.filter((r) => !r.ok).length;
      process.stdout.write(failed === 0 ? '\nAll checks passed.\n' : `\n${failed} check(s) failed.\n`);
      process.exitCode = failed === 0 ? 0 : 1;
    });
}

async function runChecks(configOption: string | undefined): Promise<CheckResult[]> {
  const file = configPath(configOption);
  let config: Awaited<ReturnType<typeof loadConfig>>;
  try {
    config = await loadConfig(file);
  } catch (error) {
    const detail = error instanceof ConfigError ? error.problems.join('; ') : String(error);
    return [{ name: `Config ${file}`, ok: false, detail }];
  }
  const results: CheckResult[] = [
    { name: `Config ${file}`, ok: true, detail: `${config.entitlements.length} entitlement(s).` },
  ];
  const { clients, identityCenter } = connectIdentityCenter(config);
  results.push(
    ...(await runAwsChecks({
      sts: clients.sts,
      ssoAdmin: clients.ssoAdmin,
      identityCenter,
      instanceArn: config.identityCenter.instanceArn,
      identityStoreId: config.identityCenter.identityStoreId,
      managementAccount: config.identityCenter.managementAccount,
      entitlements: config.entitlements,
      organizations: connectOrganizations(config, clients),
    })),
  );
  results.push(await checkSlack());
  results.push(...(await runPagerDutyChecks({ entitlements: config.entitlements, ...pagerDutySettings() })));
  return results;
}

function pagerDutySettings(): { token: string | undefined; apiUrl: string | undefined } {
  try {
    return readEnvironment(process.env).pagerduty;
  } catch {
    // The Slack check reports what is wrong with the environment; PagerDuty is still worth checking.
    return {
      token: process.env.PAGERDUTY_TOKEN || undefined,
      apiUrl: process.env.PAGERDUTY_API_URL || undefined,
    };
  }
}

async function checkSlack(): Promise<CheckResult> {
  const name = 'Slack token';
  let env: ReturnType<typeof readEnvironment>;
  try {
    env = readEnvironment(process.env);
  } catch (error) {
    return { name, ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
  if (!env.slack) {
    return {
      name,
      ok: false,
      detail: 'No Slack credentials are set (that is sandbox mode): set SLACK_BOT_TOKEN.',
    };
  }
  try {
    const client = new WebClient(env.slack.botToken, {
      ...(env.slack.apiUrl && { slackApiUrl: env.slack.apiUrl }),
      retryConfig: { retries: 1 },
    });
    const me = await client.auth.test();
    return {
      name,
      ok: true,
      detail: `Signed in as ${me.user} (${me.user_id}) in ${me.team} (${me.team_id}).`,
    };
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    return {
      name,
      ok: false,
      detail: `auth.test failed: ${code ?? (error instanceof Error ? error.message : String(error))}`,
    };
  }
}
