import { afterEach, describe, expect, it } from 'vitest';
import { parseSlackSeed, type SlackSim, type WorkspaceChange } from '../../src/sim/slack/index.js';
import { sandboxOrg, startSim, webClient } from '../support/slack-sim.js';

let sim: SlackSim | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const modal = (title: string, extra: Record<string, unknown> = {}) => ({
  type: 'modal' as const,
  title: { type: 'plain_text' as const, text: title },
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text: title } }],
  ...extra,
});

describe('the seed', () => {
  it('reads the slack section of the sandbox organisation', async () => {
    const seed = parseSlackSeed(await sandboxOrg());
    expect(seed.teamId).toBe('T0LATCHKEY');
    expect(seed.users.find((u) => u.id === 'U0GUEST')).toMatchObject({
      guest: true,
      email: 'gina@contractor.example',
    });
    expect(seed.usergroups.map((g) => g.handle)).toContain('sre-leads');
  });

  it('refuses a seed whose groups name unknown people or whose ids are malformed', () => {
    const base = { teamId: 'T1', teamDomain: 'x', botUserId: 'U0BOT', botId: 'B0BOT', channels: [] };
    const user = { id: 'U1', name: 'a', realName: 'A', email: 'a@example.com' };
    expect(() =>
      parseSlackSeed({ ...base, users: [user], usergroups: [{ id: 'S1', handle: 'h', users: ['U9'] }] }),
    ).toThrow(/unknown user U9/);
    expect(() => parseSlackSeed({ ...base, users: [{ ...user, id: 'alice' }] })).toThrow(
      /starts with U or W/,
    );
    expect(() => parseSlackSeed({ ...base, users: [{ ...user, email: 'not-an-email' }] })).toThrow(
      /Invalid Slack seed/,
    );
  });
});

describe('the workspace state', () => {
  it('announces every change and can be serialised as it is', async () => {
    sim = await startSim();
    const changes: WorkspaceChange[] = [];
    sim.workspace.on('change', (change) => changes.push(change));
    const client = webClient(sim);
    const posted = await client.chat.postMessage({ channel: 'C0APPROVALS', text: 'a' });
    await client.chat.update({ channel: 'C0APPROVALS', ts: posted.ts ?? '', text: 'b' });
    sim.workspace.addReaction('C0APPROVALS', posted.ts ?? '', 'U0BOB', 'eyes');
    await client.chat.postEphemeral({ channel: 'C0APPROVALS', user: 'U0BOB', text: 'psst' });
    expect(changes.map((c) => c.kind)).toEqual([
      'message_posted',
      'message_updated',
      'reaction_added',
      'ephemeral_posted',
    ]);
    const snapshot = sim.workspace.snapshot();
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    expect(snapshot.messages.C0APPROVALS?.[0]).toMatchObject({ text: 'b', reactions: [{ name: 'eyes' }] });
  });

  it('refuses a trigger_id that is reused or older than three seconds', async () => {
    let now = 1_732_888_888_000;
    sim = await startSim({ clock: { now: () => now } });
    const client = webClient(sim);
    const trigger = sim.sender.issueTriggerId('U0ALICE');
    await expect(client.views.open({ trigger_id: trigger, view: modal('One') })).resolves.toMatchObject({
      ok: true,
    });
    await expect(client.views.open({ trigger_id: trigger, view: modal('Two') })).rejects.toMatchObject({
      data: { error: 'expired_trigger_id' },
    });
    const late = sim.sender.issueTriggerId('U0ALICE');
    now += 3_001;
    await expect(client.views.open({ trigger_id: late, view: modal('Three') })).rejects.toMatchObject({
      data: { error: 'expired_trigger_id' },
    });
    await expect(
      client.views.open({ trigger_id: 'made.up.trigger', view: modal('Four') }),
    ).rejects.toMatchObject({
      data: { error: 'invalid_trigger_id' },
    });
    expect(sim.workspace.openView('U0ALICE')).toMatchObject({ title: { text: 'One' } });
  });

  it('stacks pushed views and guards updates with the view hash', async () => {
    sim = await startSim();
    const client = webClient(sim);
    const opened = await client.views.open({
      trigger_id: sim.sender.issueTriggerId('U0ALICE'),
      view: modal('Root'),
    });
    const pushed = await client.views.push({
      trigger_id: sim.sender.issueTriggerId('U0ALICE'),
      view: modal('Child'),
    });
    expect(pushed.view).toMatchObject({ root_view_id: opened.view?.id, previous_view_id: opened.view?.id });
    expect(sim.workspace.modals.stack('U0ALICE').map((v) => v.id)).toEqual([
      opened.view?.id,
      pushed.view?.id,
    ]);

    const updated = await client.views.update({
      view_id: pushed.view?.id ?? '',
      hash: pushed.view?.hash ?? '',
      view: modal('Child 2'),
    });
    expect(updated.view?.hash).not.toBe(pushed.view?.hash);
    await expect(
      client.views.update({
        view_id: pushed.view?.id ?? '',
        hash: pushed.view?.hash ?? '',
        view: modal('Stale'),
      }),
    ).rejects.toMatchObject({ data: { error: 'hash_conflict' } });
    await expect(client.views.update({ view_id: 'V0NOPE', view: modal('x') })).rejects.toMatchObject({
      data: { error: 'not_found' },
    });
    expect(sim.workspace.openView('U0ALICE')).toMatchObject({ title: { text: 'Child 2' } });
  });

  it('refuses modals that break the Block Kit limits', async () => {
    sim = await startSim();
    const blocks = Array.from({ length: 101 }, () => ({ type: 'divider' }));
    const trigger = sim.sender.issueTriggerId('U0ALICE');
    await expect(
      webClient(sim).views.open({ trigger_id: trigger, view: { ...modal('Big'), blocks } }),
    ).rejects.toMatchObject({
      data: { error: 'invalid_blocks' },
    });
    expect(sim.workspace.openView('U0ALICE')).toBeUndefined();
  });
});
