// What people do in Slack, end to end, for the Slack tests: type `/access …`, fill in the form, click,
// react; and what they then see: ephemeral answers, the request message, its thread, their DMs. Every
// delivery is checked to be answered 200 within Slack's three seconds.

import { readFile } from 'node:fs/promises';
import { expect } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { Target } from '../../src/core/entitlement.js';
import type { Grant, GrantState } from '../../src/core/grant.js';
import { SAMPLE_CONFIG } from '../../src/sim/sandbox.js';
import type { Delivery, EnteredValues, Json, SimMessage } from '../../src/sim/slack/index.js';
import { eventually } from './eventually.js';
import type { System } from './system.js';
import type { TestClock } from './test-clock.js';

export const GENERAL = 'C0GENERAL';
export const APPROVALS = 'C0APPROVALS';
export const PROD_APPROVALS = 'C0PRODAPPROVALS';
export const APPROVE = 'latchkey_approve';
export const DENY = 'latchkey_deny';

export const PROD_READ: Target = {
  kind: 'permissionSet',
  accountId: '123456789012',
  permissionSet: 'ReadOnlyAccess',
};
export const PROD_ADMIN: Target = {
  kind: 'permissionSet',
  accountId: '123456789012',
  permissionSet: 'AdministratorAccess',
};
export const STAGING_ADMIN: Target = {
  kind: 'permissionSet',
  accountId: '210987654321',
  permissionSet: 'AdministratorAccess',
};

export const EMAIL: Record<string, string> = {
  U0ALICE: 'alice@example.com',
  U0BOB: 'bob@example.com',
  U0CAROL: 'carol@example.com',
  U0DAVE: 'dave@example.com',
  U0ERIN: 'erin@example.com',
  U0GUEST: 'gina@contractor.example',
};

/** The sandbox config with changes made to its parsed document, as YAML for `startSystem({ config })`. */
export async function sandboxConfigWith(change: (doc: SandboxConfigDoc) => void): Promise<string> {
  const doc = parseYaml(await readFile(SAMPLE_CONFIG, 'utf8')) as SandboxConfigDoc;
  change(doc);
  return stringifyYaml(doc);
}

export interface SandboxConfigDoc {
  slack: Record<string, unknown>;
  entitlements: ({ id: string } & Record<string, unknown>)[];
  [key: string]: unknown;
}

/** Slack answered, and in time. */
export function expectAcked(delivery: Delivery): Delivery {
  expect(delivery.status, delivery.body).toBe(200);
  expect(delivery.ms).toBeLessThan(3000);
  return delivery;
}

/** Everything a message shows: its text and every text inside its blocks. */
export function shown(message: { text?: string; blocks?: Json[] } | undefined): string {
  if (!message) return '';
  const texts: string[] = [message.text ?? ''];
  const walk = (node: Json | undefined): void => {
    if (Array.isArray(node)) for (const item of node) walk(item);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'text' && typeof value === 'string') texts.push(value);
        else walk(value);
      }
    }
  };
  walk(message.blocks);
  return texts.join('\n');
}

/** The action ids of the buttons a message offers. */
export function buttonsOf(message: SimMessage | undefined): string[] {
  const ids: string[] = [];
  const walk = (node: Json | undefined): void => {
    if (Array.isArray(node)) for (const item of node) walk(item);
    else if (node && typeof node === 'object') {
      if (node.type === 'button' && typeof node.action_id === 'string') ids.push(node.action_id);
      for (const value of Object.values(node)) walk(value);
    }
  };
  walk(message?.blocks);
  return ids;
}

export interface Answer {
  delivery: Delivery;
  /** What the person alone sees in answer: the ack's ephemeral text, or the next ephemeral posted. */
  ephemeral(): Promise<string>;
}

/** Types `/access <text>` in a channel. */
export async function slash(system: System, user: string, channel: string, text: string): Promise<Answer> {
  const { workspace, sender } = system.slack;
  const before = workspace.ephemerals(user, channel).length;
  const { delivery } = await sender.runSlashCommand(user, channel, text);
  expectAcked(delivery);
  return {
    delivery,
    ephemeral: () => ephemeralAnswer(system, user, channel, before, delivery),
  };
}

async function ephemeralAnswer(
  system: System,
  user: string,
  channel: string,
  before: number,
  delivery: Delivery,
): Promise<string> {
  const acked = delivery.json as { text?: string; response_type?: string } | undefined;
  if (acked?.text !== undefined) {
    // A slash command's answer in the ack is ephemeral unless it says in_channel.
    expect(acked.response_type ?? 'ephemeral').toBe('ephemeral');
    return acked.text;
  }
  const posted = await eventually(() => system.slack.workspace.ephemerals(user, channel).slice(before)[0], {
    what: `an ephemeral answer to ${user} in ${channel}`,
  });
  return shown(posted);
}

/** The ephemeral messages a person has seen in a channel since `since` of them. */
export function ephemeralsSince(system: System, user: string, channel: string, since: number): string[] {
  return system.slack.workspace
    .ephemerals(user, channel)
    .slice(since)
    .map((e) => shown(e));
}

export interface Posted {
  id: string;
  channel: string;
  ts: string;
  answer: string;
}

/** A one-line request that is accepted: returns the grant id and where its message is. */
export async function request(
  system: System,
  user: string,
  text: string,
  channel = GENERAL,
): Promise<Posted> {
  const answer = await (await slash(system, user, channel, text)).ephemeral();
  const id = answer.match(/`(g-[a-z0-9]+)`/)?.[1];
  if (!id) throw new Error(`the request was not accepted: ${answer}`);
  const grant = await grantOf(system, id);
  if (!grant.channel || !grant.messageTs) throw new Error(`${id} has no request message`);
  return { id, channel: grant.channel, ts: grant.messageTs, answer };
}

export async function grantOf(system: System, id: string): Promise<Grant> {
  const grant = await system.db.store.get(id);
  if (!grant) throw new Error(`no grant ${id}`);
  return grant;
}

export function waitForState(system: System, id: string, state: GrantState): Promise<Grant> {
  return eventually(
    async () => {
      const grant = await system.db.store.get(id);
      return grant?.state === state ? grant : undefined;
    },
    { what: `${id} to be ${state}` },
  );
}

export function messageAt(system: System, channel: string, ts: string): SimMessage | undefined {
  return system.slack.workspace.message(channel, ts);
}

/** The replies in a message's thread, joined, oldest first. */
export function threadText(system: System, channel: string, ts: string): string {
  return system.slack.workspace
    .thread(channel, ts)
    .slice(1)
    .map((m) => shown(m))
    .join('\n');
}

export function waitForThread(
  system: System,
  channel: string,
  ts: string,
  fragment: string,
): Promise<string> {
  return eventually(
    () => {
      const text = threadText(system, channel, ts);
      return text.includes(fragment) ? text : undefined;
    },
    { what: `"${fragment}" in the thread of ${ts}` },
  );
}

/** Waits until the request message shows `fragment` (it is updated after each change). */
export function waitForMessage(system: System, channel: string, ts: string, fragment: string) {
  return eventually(
    () => {
      const message = messageAt(system, channel, ts);
      return shown(message).includes(fragment) ? message : undefined;
    },
    { what: `the message ${ts} to show "${fragment}"` },
  );
}

export function dmText(system: System, user: string): string {
  return system.slack.workspace
    .dmsOf(user)
    .map((m) => shown(m))
    .join('\n');
}

export async function click(
  system: System,
  user: string,
  at: { channel: string; ts: string },
  actionId: string,
): Promise<Delivery> {
  const { delivery } = await system.slack.sender.clickButton(user, at.channel, at.ts, actionId);
  return expectAcked(delivery);
}

/** Clicks, and returns the ephemeral explanation the clicker gets. */
export async function clickRefused(
  system: System,
  user: string,
  at: { channel: string; ts: string },
  actionId: string,
): Promise<string> {
  const before = system.slack.workspace.ephemerals(user, at.channel).length;
  await click(system, user, at, actionId);
  return eventually(() => ephemeralsSince(system, user, at.channel, before)[0], {
    what: `an explanation to ${user}`,
  });
}

export async function react(
  system: System,
  user: string,
  at: { channel: string; ts: string },
  name: string,
): Promise<Delivery> {
  return expectAcked(await system.slack.sender.addReaction(user, at.channel, at.ts, name));
}

export async function unreact(
  system: System,
  user: string,
  at: { channel: string; ts: string },
  name: string,
): Promise<Delivery> {
  return expectAcked(await system.slack.sender.removeReaction(user, at.channel, at.ts, name));
}

export function assignmentsCreated(system: System): number {
  return system.ic.sim.callsTo('CreateAccountAssignment').length;
}

export function holds(system: System, user: string, target: Target): boolean {
  const email = EMAIL[user];
  if (!email) throw new Error(`${user} has no email here`);
  return system.ic.sim.holds(email, target);
}

/** Waits until the grant is active and Identity Center has the assignment. */
export async function waitForAccess(system: System, id: string, user: string, target: Target) {
  const grant = await waitForState(system, id, 'active');
  await eventually(() => holds(system, user, target), { what: `${user} to hold the access` });
  return grant;
}

/** Grants not yet ended, by id. */
export async function openGrantIds(system: System): Promise<string[]> {
  const grants = await system.db.store.listByState(
    'pending',
    'approved',
    'provisioning',
    'active',
    'revoking',
  );
  return grants.map((g) => g.id).sort();
}

/** The request form's values, keyed as Slack keys them: block id, then action id. */
export function formValues(values: { entitlement?: string; duration?: string; reason?: string }) {
  const entered: EnteredValues = {};
  if (values.entitlement !== undefined) entered['entitlement.value'] = values.entitlement;
  if (values.duration !== undefined) entered['duration.value'] = values.duration;
  if (values.reason !== undefined) entered['reason.value'] = values.reason;
  return entered;
}

/**
 * Waits out the work that follows Slack's acks, so a test's end state is the system's end state: until
 * nothing is in flight, however long that takes on a loaded machine, rather than for a fixed while.
 */
export async function quiet(system: System): Promise<void> {
  await system.latchkey.idle();
}

/**
 * `quiet`, for work that waits on the clock before it is done (a reaction on one of the bot's own messages
 * gives it a while to turn out to be a request): moves `clock` on a second at a time until it is.
 */
export async function quietMovingTime(system: System, clock: TestClock): Promise<void> {
  let done = false;
  const idle = quiet(system).finally(() => {
    done = true;
  });
  while (!done) {
    clock.advance(1_000);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await idle;
}
