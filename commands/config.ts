// `latchkey config check`: validates the config and shows who may request what, approved by whom. An
// entitlement on an OU is resolved through AWS Organizations when it is reachable, so a person sees which
// accounts a request would cover today.

import type { Command } from 'commander';
import { describeConfig, describeOuResolutions, type OuResolution } from '../src/config/describe.js';
import { ConfigError, loadConfig } from '../src/config/load.js';
import type { Config } from '../src/config/schema.js';
import { OrganizationUnavailable } from '../src/core/errors.js';
import { connectIdentityCenter } from '../src/runtime/identity-center.js';
import { connectOrganizations } from '../src/runtime/organizations.js';
import { configPath, withConfigOption } from './options.js';

/** How long the check waits for AWS Organizations before saying it could not be reached. */
const ORGANIZATIONS_WAIT_MS = 5000;

export function register(program: Command): void {
  const config = program.command('config').description('Work with the Latchkey config file');

  withConfigOption(
    config
      .command('check')
      .description(
        'Validate the config; list every problem, or show who may request what and who approves it',
      ),
  ).action(async (options: { config?: string }) => {
    const file = configPath(options.config);
    try {
      const loaded = await loadConfig(file);
      process.stdout.write(`${file} is a valid Latchkey config.\n\n${describeConfig(loaded)}\n`);
      const ous = await resolveOus(loaded);
      if (ous.length > 0) process.stdout.write(`\n${describeOuResolutions(ous)}\n`);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
    }
  });
}

/** The accounts under each OU entitlement's OU, read through AWS Organizations with the SDK's settings. */
async function resolveOus(config: Config): Promise<OuResolution[]> {
  const onOu = config.entitlements.flatMap((e) =>
    e.accounts?.kind === 'ou' ? [{ entitlementId: e.id, ouId: e.accounts.ouId }] : [],
  );
  if (onOu.length === 0) return [];
  const organizations = connectOrganizations(config, connectIdentityCenter(config).clients);
  return Promise.all(
    onOu.map(async (entry): Promise<OuResolution> => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('no answer within 5 s')), ORGANIZATIONS_WAIT_MS);
        timer.unref();
      });
      try {
        const accounts = await Promise.race([organizations.accountsUnder(entry.ouId), timeout]);
        return { ...entry, accounts: accounts.sort((a, b) => a.id.localeCompare(b.id)) };
      } catch (error) {
        const problem =
          error instanceof OrganizationUnavailable
            ? error.detail
            : error instanceof Error
              ? error.message
              : String(error);
        return { ...entry, problem };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}
