// The whole story in sandbox mode, as someone trying Latchkey lives it: `latchkey serve` with no Slack
// credentials, the page it prints, Alice asking for prod-read, Bob approving with the button (and, in
// the second story, with the approve reaction), the grant appearing in Identity Center and, at its end,
// disappearing, with the thread telling what happened. The server is the build `npm start` runs, on the
// sandbox's own config with a shorter minimum duration, so that watching a grant end takes seconds, not
// half a minute.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_CONFIG } from '../../src/sim/sandbox.js';
import { latchkeyArgs } from '../support/cli.js';
import { type Browser, launchChromium, SCREENSHOTS } from './chromium.js';

/** Long enough to see the access active on a loaded machine, short enough to wait for its end. */
const GRANT = '8s';

let server: ChildProcess;
let dir: string;
let dataDir: string;
let pageUrl: string;
let browser: Browser;
let page: Page;

/** Starts `latchkey serve` with a clean environment and resolves with the page URL it prints. */
function startServe(): Promise<string> {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(SLACK_|AWS_|LATCHKEY_|PORT$)/.test(key)) env[key] = value;
  }
  Object.assign(env, {
    PORT: '0',
    LATCHKEY_DATA_DIR: dataDir,
    LATCHKEY_CONFIG: join(dir, 'latchkey.yml'),
    LATCHKEY_LOG_LEVEL: 'warn',
  });
  // Its own process group, so the test ends the server and anything it started together.
  server = spawn(process.execPath, latchkeyArgs(['serve']), { env, detached: true, stdio: 'pipe' });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`No page URL within 60s:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const found = output.match(/Open (http:\/\/\S+)/);
      if (found?.[1]) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    };
    server.stdout?.on('data', read);
    server.stderr?.on('data', read);
    server.once('exit', (code) => reject(new Error(`latchkey serve exited with ${code}:\n${output}`)));
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'latchkey-sandbox-'));
  dataDir = join(dir, 'data');
  const sample = await readFile(SAMPLE_CONFIG, 'utf8');
  if (!sample.includes('minDuration: 30s'))
    throw new Error('the sandbox config no longer says minDuration: 30s');
  await writeFile(join(dir, 'latchkey.yml'), sample.replace('minDuration: 30s', 'minDuration: 5s'));
  pageUrl = await startServe();
  browser = await launchChromium();
  page = browser.page;
  console.info(`Sandbox page: ${pageUrl} · screenshots: ${SCREENSHOTS}`);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  if (server?.pid && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    process.kill(-server.pid, 'SIGTERM');
    await exited;
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

const youAre = (id: string) => page.selectOption('#you-are', id);
const requestWith = (reason: string) => page.locator('#messages .msg', { hasText: reason }).first();
const aliceHolds = () =>
  page.locator('#ic-panel .ic-row[data-principal="alice"][data-permission-set="ReadOnlyAccess"]');

async function ask(reason: string): Promise<Locator> {
  await youAre('U0ALICE');
  await page.locator('[data-channel-key="C0APPROVALS"]').click();
  await page.locator('#composer-input').fill(`/access prod-read ${GRANT} ${reason}`);
  await page.locator('#composer-input').press('Enter');
  const message = requestWith(reason);
  await expect.poll(() => message.count(), { timeout: 10_000 }).toBe(1);
  expect(await message.textContent()).toContain('@Alice Ng asks for prod-read');
  expect(await message.textContent()).toContain('Waiting for approval');
  return message;
}

async function threadOf(message: Locator): Promise<Locator> {
  await message.locator('.thread-link').click();
  const thread = page.locator('#thread');
  await expect.poll(() => thread.isVisible()).toBe(true);
  return thread;
}

describe('sandbox mode, as a person lives it', () => {
  it('prints the page, which shows the sample organisation and its standing access', async () => {
    await page.goto(pageUrl);
    await expect.poll(() => page.locator('#you-are option').count(), { timeout: 10_000 }).toBe(7);
    await expect.poll(() => page.locator('#ic-panel').textContent()).toContain('Carol Diaz');
    expect(await aliceHolds().count()).toBe(0);
  });

  it('Alice asks, Bob approves with the button, access appears, then ends on time', async () => {
    const message = await ask('checking logs');
    await browser.shot('story-01-alice-asks');

    await youAre('U0BOB');
    await message.locator('button', { hasText: 'Approve' }).click();
    await expect.poll(() => aliceHolds().count(), { timeout: 15_000 }).toBe(1);
    expect(await aliceHolds().textContent()).toContain('Alice Ng');
    await expect.poll(() => message.textContent(), { timeout: 10_000 }).toContain('Active until');
    expect(await message.locator('button', { hasText: 'Approve' }).count()).toBe(0);
    await threadOf(message);
    await browser.shot('story-02-bob-approved-access-active');

    await expect.poll(() => aliceHolds().count(), { timeout: 90_000, interval: 200 }).toBe(0);
    await expect.poll(() => message.textContent(), { timeout: 15_000 }).toContain('Ended at its end time');
    const thread = page.locator('#thread');
    await expect.poll(() => thread.textContent(), { timeout: 15_000 }).toContain('Access revoked');
    const story = await thread.textContent();
    expect(story).toMatch(/@Bob Reyes approved/);
    expect(story).toContain('Access is active');
    await browser.shot('story-03-access-ended');

    await youAre('U0ALICE');
    // The sidebar is redrawn when the person changes; a click that lands on the old entry is lost, as it
    // would be for a person, who clicks again.
    const dm = page.locator('#dm-list .channel-entry');
    await expect
      .poll(
        async () => {
          await dm.click();
          return page.locator('#messages .msg').count();
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBeGreaterThan(0);
    await browser.shot('story-04-alice-dm');
  }, 150_000);

  it('Alice requests from her Home tab, Bob approves from his, Alice’s Home shows the grant and its end, and she revokes it there', async () => {
    const home = page.locator('.home-view');
    await youAre('U0ALICE');
    await page.locator('[data-channel-key="home"]').click();
    await expect.poll(() => home.textContent(), { timeout: 10_000 }).toContain('Your AWS access');
    await home.locator('button', { hasText: 'Request access' }).click();
    const modal = page.locator('form.modal');
    await expect.poll(() => modal.isVisible(), { timeout: 10_000 }).toBe(true);
    await modal.locator('select[name="entitlement.value"]').selectOption('prod-read');
    await modal.locator('input[name="duration.value"]').fill('10m');
    await modal.locator('textarea[name="reason.value"]').fill('asked from my Home tab');
    await modal.locator('.modal-submit').click();
    await expect.poll(() => modal.count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => home.textContent(), { timeout: 10_000 }).toContain('prod-read for 10m');
    const id = (await home.textContent())?.match(/prod-read for 10m[^\n]*?(g-[a-z0-9]{8})/)?.[1];
    expect(id).toBeDefined();
    await browser.shot('story-06-alice-home-pending');

    await youAre('U0BOB');
    const approve = home.locator(`button[data-action-id="latchkey_approve"][data-value="${id}:request"]`);
    await expect.poll(() => approve.count(), { timeout: 10_000 }).toBe(1);
    expect(await home.textContent()).toContain('asked from my Home tab');
    await browser.shot('story-07-bob-home-decision');
    await approve.click();
    await expect.poll(() => aliceHolds().count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => approve.count(), { timeout: 10_000 }).toBe(0);

    await youAre('U0ALICE');
    const revoke = home.locator(`button[data-action-id="latchkey_home_revoke"][data-value="${id}"]`);
    await expect.poll(() => revoke.count(), { timeout: 10_000 }).toBe(1);
    expect(await home.textContent()).toMatch(/Active until .+ \(\d+m left\)/);
    await browser.shot('story-08-alice-home-active');
    await revoke.click();
    await expect.poll(() => aliceHolds().count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => home.textContent(), { timeout: 10_000 }).toContain('revoked early');
    await browser.shot('story-09-alice-home-revoked');
  }, 90_000);

  it('Bob approves with the approve reaction instead, and access appears', async () => {
    const message = await ask('second look with a reaction');
    await youAre('U0BOB');
    await message.hover();
    await message.locator('.reaction-add').click();
    await page.locator('#reaction-menu [data-choice="white_check_mark"]').click();
    await expect.poll(() => message.locator('.reaction-mine').count()).toBe(1);
    await expect.poll(() => aliceHolds().count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => message.textContent(), { timeout: 10_000 }).toContain('Active until');
    const thread = await threadOf(message);
    await expect.poll(() => thread.textContent(), { timeout: 10_000 }).toMatch(/@Bob Reyes approved/);
    await browser.shot('story-05-approved-by-reaction');
  }, 60_000);
});
