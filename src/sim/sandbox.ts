// Sandbox mode's simulated world: the Identity Center simulator and the Slack workspace, seeded with the
// sample organisation, on loopback only. The real bot and sweeper are pointed at them; nothing else differs.

import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { startCloudTrailSim } from './cloudtrail/index.js';
import { seedSessionsWhenAccessEnds } from './cloudtrail/sandbox-seeder.js';
import { startIdentityCenterSim } from './identity-center/index.js';
import { startOrganizationsSim } from './organizations/index.js';
import { startPagerDutySim } from './pagerduty/index.js';
import { prebuiltSandboxDir, SANDBOX_FILES } from './sandbox-files.js';
import { startSlackSim } from './slack/index.js';

const prebuilt = prebuiltSandboxDir();
export const SAMPLE_ORG = fileURLToPath(
  prebuilt
    ? new URL(SANDBOX_FILES.org, prebuilt)
    : new URL('../../examples/sandbox/org.yml', import.meta.url),
);
export const SAMPLE_CONFIG = fileURLToPath(
  prebuilt
    ? new URL(SANDBOX_FILES.config, prebuilt)
    : new URL('../../examples/sandbox/latchkey.yml', import.meta.url),
);

export interface Sandbox {
  botToken: string;
  signingSecret: string;
  /** SLACK_API_URL for the bot. */
  slackApiUrl: string;
  /** The page a person opens. */
  pageUrl: string;
  /** One endpoint for sso-admin, identitystore and STS. */
  identityCenterUrl: string;
  /** PAGERDUTY_API_URL and PAGERDUTY_TOKEN for the bot: the simulated PagerDuty, with someone on call. */
  pagerduty: { apiUrl: string; token: string };
  /** The simulated CloudTrail Lake, for activity digests. */
  cloudTrailUrl: string;
  /** AWS Organizations, when the org file has an `organization:` section. */
  organizationsUrl?: string;
  /** Where the workspace sends the bot's requests, once the bot listens. */
  setBotUrl(url: string): void;
  close(): Promise<void>;
}

export async function startSandbox(options: { port: number; orgFile?: string }): Promise<Sandbox> {
  const orgFile = options.orgFile ?? SAMPLE_ORG;
  const org: unknown = parse(await readFile(orgFile, 'utf8'));
  const botToken = `xoxb-sandbox-${randomBytes(12).toString('hex')}`;
  const signingSecret = randomBytes(16).toString('hex');
  // A grant in the sandbox is visible within a second; real Identity Center takes a few.
  const identityCenter = await startIdentityCenterSim({ orgFile, provisioningMs: 800 });
  const pagerduty = await startPagerDutySim({ org, token: randomBytes(10).toString('hex') });
  // People's sessions leave CloudTrail events when their access ends, for the activity digest to show.
  const cloudTrail = await startCloudTrailSim();
  const seeder = seedSessionsWhenAccessEnds(identityCenter.sim, cloudTrail.sim);
  const organizations = (org as { organization?: unknown } | null)?.organization
    ? await startOrganizationsSim({ orgFile })
    : undefined;
  const slack = await startSlackSim({
    org,
    botToken,
    signingSecret,
    port: options.port,
    // The page shows what the simulated Identity Center holds, so access is seen to appear and end.
    ui: {
      identityCenterState: () => ({ ...identityCenter.sim.snapshot(), onCall: pagerduty.sim.onCallNow() }),
    },
  });
  return {
    botToken,
    signingSecret,
    slackApiUrl: slack.apiUrl,
    pageUrl: slack.pageUrl ?? `${slack.url}/`,
    identityCenterUrl: identityCenter.url,
    pagerduty: { apiUrl: pagerduty.url, token: pagerduty.sim.token },
    cloudTrailUrl: cloudTrail.url,
    ...(organizations && { organizationsUrl: organizations.url }),
    setBotUrl: (url) => slack.setBotUrl(url),
    close: async () => {
      await slack.close();
      await pagerduty.close();
      await identityCenter.close();
      seeder.stop();
      await cloudTrail.close();
      await organizations?.close();
    },
  };
}
