// How the browser tests find their Chromium: a setting wins, and a wrong setting is an error rather than
// a silent fall-back to another browser.

import { describe, expect, it } from 'vitest';
import { findChromium } from './chromium-executable.js';

describe('findChromium', () => {
  it('takes the executable LATCHKEY_CHROMIUM names, before CHROME_PATH', async () => {
    const found = await findChromium({ LATCHKEY_CHROMIUM: process.execPath, CHROME_PATH: '/nowhere/chrome' });
    expect(found).toMatchObject({ path: process.execPath, source: 'LATCHKEY_CHROMIUM' });
  });

  it('takes the executable CHROME_PATH names when LATCHKEY_CHROMIUM is not set', async () => {
    const found = await findChromium({ CHROME_PATH: process.execPath });
    expect(found).toMatchObject({ path: process.execPath, source: 'CHROME_PATH' });
  });

  it('refuses a setting that names no file', async () => {
    await expect(findChromium({ LATCHKEY_CHROMIUM: '/nowhere/chromium' })).rejects.toThrow(
      'LATCHKEY_CHROMIUM is /nowhere/chromium, which does not exist',
    );
  });
});
