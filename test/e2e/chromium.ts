// Headless Chromium for the browser tests: the browser chromium-executable.ts finds, driven by
// playwright-core, a fresh profile per launch, and screenshots in test-results/sandbox/ (git-ignored) to
// look at afterwards.

import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { findChromium } from './chromium-executable.js';

export const SCREENSHOTS = join(process.cwd(), 'test-results', 'sandbox');

export interface Browser {
  context: BrowserContext;
  page: Page;
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'latchkey-chromium-'));
  await mkdir(SCREENSHOTS, { recursive: true });
  const executable = await findChromium();
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: executable.path,
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: executable.args,
    env: { ...process.env, ...executable.env },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    shot: async (name) => {
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
    },
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
