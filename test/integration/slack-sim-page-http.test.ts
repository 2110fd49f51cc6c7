// The sandbox page's HTTP surface on the Slack simulator: what the browser code relies on (content
// types, no caching, the person it falls back to, refusals as JSON) and the live event stream.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackSim } from '../../src/sim/slack/index.js';
import { startSim } from '../support/slack-sim.js';

let sim: SlackSim;

beforeAll(async () => {
  sim = await startSim({ ui: { identityCenterState: () => ({ users: [], assignments: [] }) } });
}, 30_000);
afterAll(async () => {
  await sim.close();
});

const post = (path: string, body: string) =>
  fetch(`${sim.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

/** Reads the stream until `text` has arrived; everything read so far. */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, text: string): Promise<string> {
  const decoder = new TextDecoder();
  let seen = '';
  while (!seen.includes(text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`The stream ended before "${text}"; it had: ${seen}`);
    seen += decoder.decode(value, { stream: true });
  }
  return seen;
}

describe('the sandbox page over HTTP', () => {
  it('serves the page and its code as UTF-8, never cached', async () => {
    const page = await fetch(`${sim.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).toContain('<script type="module" src="/ui/app.js"></script>');
    const script = await fetch(`${sim.url}/ui/app.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await script.text()).length).toBeGreaterThan(1000);
  });

  it('shows someone unknown the workspace as its first person', async () => {
    const res = await fetch(`${sim.url}/ui/state?as=U0NOBODY`);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(((await res.json()) as { me: string }).me).toBe('U0ALICE');
  });

  it('refuses a body that is not JSON, not the right shape, or for someone not in the workspace', async () => {
    const bad = await post('/ui/command', '{');
    expect([bad.status, await bad.json()]).toEqual([400, { ok: false, error: 'invalid_json' }]);
    const shape = await post('/ui/command', JSON.stringify({ as: 'U0ALICE' }));
    expect([shape.status, await shape.json()]).toEqual([400, { ok: false, error: 'invalid_arguments' }]);
    const stranger = await post('/ui/close', JSON.stringify({ as: 'U0NOBODY' }));
    expect([stranger.status, await stranger.json()]).toEqual([400, { ok: false, error: 'user_not_found' }]);
    const unknown = await post('/ui/teleport', JSON.stringify({ as: 'U0ALICE' }));
    expect([unknown.status, await unknown.json()]).toEqual([404, { ok: false, error: 'not_found' }]);
  });

  it('answers what Slack refuses with its error code, whichever action meets it', async () => {
    const { ts } = sim.workspace.postMessage({ channel: 'C0APPROVALS', user: 'U0BOB', text: 'react to me' });
    sim.workspace.addReaction('C0APPROVALS', ts, 'U0ALICE', 'eyes');
    const again = await post(
      '/ui/react',
      JSON.stringify({ as: 'U0ALICE', channel: 'C0APPROVALS', ts, name: 'eyes' }),
    );
    expect([again.status, await again.json()]).toEqual([409, { ok: false, error: 'already_reacted' }]);
    const nowhere = await post(
      '/ui/command',
      JSON.stringify({ as: 'U0ALICE', channel: 'C0NOWHERE', text: 'hi' }),
    );
    expect([nowhere.status, await nowhere.json()]).toEqual([409, { ok: false, error: 'channel_not_found' }]);
  });

  it('streams the workspace version and what Identity Center holds, then each change', async () => {
    const watching = new AbortController();
    const res = await fetch(`${sim.url}/ui/events`, { signal: watching.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = res.body?.getReader();
    if (!reader) throw new Error('The event stream has no body');
    const first = await readUntil(reader, 'event: identity-center');
    expect(first).toMatch(/^event: workspace\ndata: \{"version":\d+\}\n\n/);
    const before = Number(first.match(/"version":(\d+)/)?.[1]);
    sim.workspace.postMessage({ channel: 'C0APPROVALS', user: 'U0ALICE', text: 'hello' });
    await readUntil(reader, `data: {"version":${before + 1}}`);
    watching.abort();
    // The page going away leaves the simulator working, and the next page gets its own stream.
    sim.workspace.postMessage({ channel: 'C0APPROVALS', user: 'U0ALICE', text: 'anyone there?' });
    const next = await fetch(`${sim.url}/ui/events`);
    const nextReader = next.body?.getReader();
    if (!nextReader) throw new Error('The event stream has no body');
    expect(await readUntil(nextReader, 'event: identity-center')).toContain(`{"version":${before + 2}}`);
    await nextReader.cancel();
  });
});
