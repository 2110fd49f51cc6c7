// Sandbox mode over the page's own HTTP routes (no browser): `serve` with no Slack credentials, the Home
// tab opened and used as the page does it, and the simulated PagerDuty's on-call person approved at once.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnvironment } from '../../src/runtime/environment.js';
import { createLogger } from '../../src/runtime/logger.js';
import { type Serving, serve } from '../../src/runtime/serve.js';
import { eventually } from '../support/eventually.js';
import { shown } from '../support/slack-flows.js';

let serving: Serving;
let dataDir: string;
let base: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'latchkey-sandbox-home-'));
  serving = await serve(readEnvironment({ PORT: '0', LATCHKEY_DATA_DIR: dataDir }), createLogger('silent'));
  base = serving.sandbox!.pageUrl.replace(/\/$/, '');
}, 60_000);

afterAll(async () => {
  await serving?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function post(path: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const response = await fetch(`${base}/ui/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  expect(json, `${path} ${JSON.stringify(body)}`).toMatchObject({ ok: true });
  return json;
}

async function homeOf(as: string): Promise<string> {
  const state = (await (await fetch(`${base}/ui/state?as=${as}`)).json()) as {
    home: { blocks: never[] } | null;
  };
  return state.home ? shown({ blocks: state.home.blocks }) : '';
}

const waitForHome = (as: string, fragment: string) =>
  eventually(async () => ((await homeOf(as)).includes(fragment) ? homeOf(as) : undefined), {
    what: `${as}'s Home on the page to show "${fragment}"`,
  });

async function grantIdIn(as: string, entitlement: string): Promise<string> {
  const text = await waitForHome(as, `\`${entitlement}\``);
  const id = text.match(new RegExp(`\`${entitlement}\`[^\\n]*\\n?[^\\n]*\`(g-[a-z0-9]+)\``))?.[1];
  if (!id) throw new Error(`no ${entitlement} grant on ${as}'s Home:\n${text}`);
  return id;
}

describe('sandbox mode: the Home tab and the on-call person, through the page', () => {
  it('shows who is on call, and Alice, on call, is granted oncall-admin at once and revokes it from Home', async () => {
    const ic = (await (await fetch(`${base}/ui/identity-center`)).json()) as { onCall?: { user: string }[] };
    expect(ic.onCall?.map((o) => o.user)).toEqual(['Alice Ng']);

    await post('home', { as: 'U0ALICE' });
    expect(await waitForHome('U0ALICE', 'Your AWS access')).toContain('Nothing right now.');

    await post('command', {
      as: 'U0ALICE',
      channel: 'C0GENERAL',
      text: '/access oncall-admin 30m paged at night',
    });
    const active = await waitForHome('U0ALICE', 'approved while on call');
    expect(active).toContain('Active until');
    const id = await grantIdIn('U0ALICE', 'oncall-admin');

    await post('click', { as: 'U0ALICE', inHome: true, actionId: 'latchkey_home_revoke', value: id });
    await waitForHome('U0ALICE', 'revoked early');
  });

  it('Bob approves Alice’s request from his Home tab, and Alice’s Home shows the grant and its end', async () => {
    await post('command', {
      as: 'U0ALICE',
      channel: 'C0GENERAL',
      text: '/access prod-read 2m checking logs',
    });
    await post('home', { as: 'U0BOB' });
    await waitForHome('U0BOB', '<@U0ALICE> asks for `prod-read`');
    const id = await grantIdIn('U0ALICE', 'prod-read');

    await post('click', { as: 'U0BOB', inHome: true, actionId: 'latchkey_approve', value: `${id}:request` });
    const alice = await eventually(
      async () => {
        const text = await homeOf('U0ALICE');
        return text.includes('Active until') && text.includes('prod-read') ? text : undefined;
      },
      { what: 'the grant on Alice’s Home', timeoutMs: 15_000 },
    );
    expect(alice).toContain(id);
    await eventually(async () => !(await homeOf('U0BOB')).includes(`${id}\``), {
      what: 'the decided request to leave Bob’s Home',
    });
  });
});
