import type { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/runtime/logger.js';
import { HomePublisher } from '../../src/slack/home-publisher.js';
import { requested } from '../support/grants.js';

describe('Class: HomePublisher', () => {
  let published: { user: string; at: number }[];
  beforeEach(() => {
    vi.useFakeTimers();
    published = [];
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const publisher = (people: (grantId: string) => string[], perMinute = 90) =>
    new HomePublisher({
      client: {
        views: {
          publish: async ({ user_id }: { user_id: string }) => {
            published.push({ user: user_id, at: Date.now() });
            return { ok: true };
          },
        },
      } as unknown as WebClient,
      log: createLogger('silent'),
      build: async () => ({ type: 'home', callback_id: 'latchkey_home', blocks: [] }),
      concerned: async (grant) => people(grant.id),
      coalesceMs: 400,
      perMinute,
    });

  describe('Method: changed', () => {
    it('publishes each person concerned once for a burst of changes', async () => {
      const homes = publisher(() => ['U0ALICE', 'U0BOB']);
      for (let i = 0; i < 50; i++) homes.changed(requested());
      await vi.advanceTimersByTimeAsync(1000);
      expect(published.map((p) => p.user).sort()).toEqual(['U0ALICE', 'U0BOB']);
    });

    it('keeps to its budget a minute at a time, publishing the rest when room frees up', async () => {
      const everyone = Array.from({ length: 5 }, (_, i) => `U0P${i}`);
      const homes = publisher(() => everyone, 3);
      homes.changed(requested());
      await vi.advanceTimersByTimeAsync(1000);
      expect(published).toHaveLength(3);
      await vi.advanceTimersByTimeAsync(30_000);
      expect(published).toHaveLength(3);
      await vi.advanceTimersByTimeAsync(31_000);
      expect(published.map((p) => p.user).sort()).toEqual(everyone);
      const [first] = published;
      for (const later of published.slice(3)) expect(later.at - first!.at).toBeGreaterThanOrEqual(60_000);
    });
  });

  describe('Method: opened', () => {
    it('publishes at once, and a person waiting for a change is not published twice for it', async () => {
      const homes = publisher(() => ['U0ALICE']);
      homes.changed(requested());
      await vi.advanceTimersByTimeAsync(0);
      await homes.opened('U0ALICE');
      await vi.advanceTimersByTimeAsync(1000);
      expect(published.map((p) => p.user)).toEqual(['U0ALICE']);
    });
  });
});
