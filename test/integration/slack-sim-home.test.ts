import { ErrorCode, type WebAPIPlatformError, type WebAPIRateLimitedError } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlackSim } from '../../src/sim/slack/index.js';
import { deferred, startBolt, startSim, webClient } from '../support/slack-sim.js';

let sim: SlackSim;
beforeEach(async () => {
  sim = await startSim();
});
afterEach(async () => {
  await sim.close();
});

const home = (blocks: unknown[] = [{ type: 'section', text: { type: 'mrkdwn', text: 'hello' } }]) => ({
  type: 'home',
  blocks,
});

async function refusal(call: Promise<unknown>): Promise<WebAPIPlatformError['data']> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ code: ErrorCode.PlatformError });
  return (error as WebAPIPlatformError).data;
}

describe('the simulated views.publish', () => {
  it('publishes a person’s Home, keeps its id and changes its hash, and refuses a stale hash', async () => {
    const client = webClient(sim);
    const first = await client.views.publish({ user_id: 'U0ALICE', view: home() as never });
    const second = await client.views.publish({
      user_id: 'U0ALICE',
      hash: first.view?.hash,
      view: home() as never,
    });
    expect(second.view?.id).toBe(first.view?.id);
    expect(second.view?.hash).not.toBe(first.view?.hash);
    expect(sim.workspace.home('U0ALICE')?.type).toBe('home');
    expect(sim.workspace.homes.publishedCount('U0ALICE')).toBe(2);
    expect(
      (
        await refusal(
          client.views.publish({ user_id: 'U0ALICE', hash: first.view?.hash, view: home() as never }),
        )
      ).error,
    ).toBe('hash_conflict');
  });

  it('refuses a modal, an unknown or bot user, more than 100 blocks and a view over 250 kB', async () => {
    const client = webClient(sim);
    const modal = { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] };
    expect((await refusal(client.views.publish({ user_id: 'U0ALICE', view: modal as never }))).error).toBe(
      'invalid_arguments',
    );
    expect((await refusal(client.views.publish({ user_id: 'U0NOBODY', view: home() as never }))).error).toBe(
      'user_not_found',
    );
    expect(
      (await refusal(client.views.publish({ user_id: 'U0LATCHKEY', view: home() as never }))).error,
    ).toBe('user_not_found');
    const many = Array.from({ length: 101 }, () => ({ type: 'divider' }));
    expect(
      (await refusal(client.views.publish({ user_id: 'U0ALICE', view: home(many) as never }))).error,
    ).toBe('invalid_blocks');
    const big = Array.from({ length: 90 }, () => ({
      type: 'section',
      text: { type: 'mrkdwn', text: 'x'.repeat(2900) },
    }));
    expect(
      (await refusal(client.views.publish({ user_id: 'U0ALICE', view: home(big) as never }))).error,
    ).toBe('view_too_large');
    expect(sim.workspace.home('U0ALICE')).toBeUndefined();
  });

  it('answers 429 with Retry-After past 100 publishes in a minute (Tier 4)', async () => {
    const client = webClient(sim, { rejectRateLimitedCalls: true });
    for (let i = 0; i < 100; i++) await client.views.publish({ user_id: 'U0BOB', view: home() as never });
    const error = await client.views.publish({ user_id: 'U0BOB', view: home() as never }).then(
      () => undefined,
      (e: unknown) => e as WebAPIRateLimitedError,
    );
    expect(error).toMatchObject({ code: ErrorCode.RateLimitedError });
    expect(error?.retryAfter).toBeGreaterThan(0);
    expect(error?.retryAfter).toBeLessThanOrEqual(60);
  });
});

describe('the simulated Home tab, towards the app', () => {
  it('sends app_home_opened with the person’s DM and their Home view, and Home clicks as view block_actions', async () => {
    const opened = deferred<Record<string, unknown>>();
    const clicked = deferred<Record<string, unknown>>();
    const bolt = await startBolt(sim, (app) => {
      app.event('app_home_opened', async ({ event }) => opened.resolve(event as never));
      app.action('go', async ({ ack, body }) => {
        await ack();
        clicked.resolve(body as never);
      });
    });
    try {
      await webClient(sim).views.publish({
        user_id: 'U0ALICE',
        view: home([
          {
            type: 'actions',
            elements: [
              { type: 'button', action_id: 'go', value: 'a', text: { type: 'plain_text', text: 'A' } },
              { type: 'button', action_id: 'go', value: 'b', text: { type: 'plain_text', text: 'B' } },
            ],
          },
        ]) as never,
      });
      await sim.sender.openHome('U0ALICE');
      const event = await opened.promise;
      expect(event).toMatchObject({ type: 'app_home_opened', user: 'U0ALICE', tab: 'home' });
      expect(String(event.channel)).toMatch(/^D/);
      expect(event.view).toMatchObject({ type: 'home', id: sim.workspace.home('U0ALICE')?.id });

      await sim.sender.clickHomeButton('U0ALICE', 'go', { value: 'b' });
      const body = await clicked.promise;
      expect(body).toMatchObject({
        type: 'block_actions',
        container: { type: 'view', view_id: sim.workspace.home('U0ALICE')?.id },
        actions: [{ action_id: 'go', value: 'b' }],
      });
      expect(body.trigger_id).toEqual(expect.any(String));
    } finally {
      await bolt.close();
    }
  });
});
