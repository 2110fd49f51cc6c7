// The `/access` request form: entitlement, duration, an optional start and reason. Field errors come back inside the form.

import type {
  ExternalSelect,
  InputBlock,
  KnownBlock,
  ModalView,
  PlainTextOption,
  StaticSelect,
} from '@slack/types';
import { z } from 'zod';
import { formatDuration } from '../core/duration.js';
import type { Entitlement } from '../core/entitlement.js';
import { truncate } from './escape.js';
import { metadataOf } from './metadata.js';

export const REQUEST_VIEW = 'latchkey_request';
export const FIELD = {
  entitlement: 'entitlement',
  duration: 'duration',
  start: 'start',
  accounts: 'accounts',
  reason: 'reason',
} as const;
/** The accounts select's action id: its options come from the app, searched as the person types. */
export const ACCOUNTS_ACTION = 'accounts';
/** Slack's static select holds 100 options; past that the form searches with an external select. */
const STATIC_SELECT_LIMIT = 100;

export function entitlementOption(e: Entitlement): PlainTextOption {
  return {
    text: { type: 'plain_text', text: truncate(`${e.id} — ${e.description}`, 75) },
    value: e.id,
  };
}

function defaultDuration(entitlements: Entitlement[]): string {
  const max = Math.min(...entitlements.map((e) => e.maxDurationSec));
  const min = Math.max(...entitlements.map((e) => e.minDurationSec));
  return formatDuration(Math.max(min, Math.min(3600, max))).replace(/\s/g, '');
}

/** The request form; `channel` is where `/access` opened it, none when opened from the Home tab. */
export function requestView(entitlements: Entitlement[], channel: string | undefined): ModalView {
  const select: StaticSelect | ExternalSelect =
    entitlements.length > STATIC_SELECT_LIMIT
      ? {
          type: 'external_select',
          action_id: 'value',
          min_query_length: 0,
          placeholder: { type: 'plain_text', text: 'Search' },
        }
      : { type: 'static_select', action_id: 'value', options: entitlements.map(entitlementOption) };
  const bounds = entitlements
    .slice(0, 8)
    .map((e) => `${e.id}: ${formatDuration(e.minDurationSec)}–${formatDuration(e.maxDurationSec)}`)
    .join(' · ');
  // Offered only when some entitlement spans several accounts.
  const accounts: InputBlock[] = entitlements.some((e) => e.accounts !== undefined)
    ? [
        {
          type: 'input',
          block_id: FIELD.accounts,
          optional: true,
          label: { type: 'plain_text', text: 'Accounts' },
          hint: {
            type: 'plain_text',
            text: 'For access on several accounts: pick some of them, or leave it empty for all.',
          },
          element: {
            type: 'multi_external_select',
            action_id: ACCOUNTS_ACTION,
            min_query_length: 0,
            placeholder: { type: 'plain_text', text: 'All of them' },
          },
        },
      ]
    : [];
  const blocks: KnownBlock[] = [
    {
      type: 'input',
      block_id: FIELD.entitlement,
      label: { type: 'plain_text', text: 'Access to' },
      element: select,
    },
    {
      type: 'input',
      block_id: FIELD.duration,
      label: { type: 'plain_text', text: 'For how long' },
      hint: { type: 'plain_text', text: truncate(`Like 30m, 2h or 1d. ${bounds}`, 150) },
      element: { type: 'plain_text_input', action_id: 'value', initial_value: defaultDuration(entitlements) },
    },
    {
      type: 'input',
      block_id: FIELD.start,
      optional: true,
      label: { type: 'plain_text', text: 'Starting' },
      hint: { type: 'plain_text', text: 'Leave empty to start as soon as the request is approved.' },
      element: { type: 'datetimepicker', action_id: 'value' },
    },
    ...accounts,
    {
      type: 'input',
      block_id: FIELD.reason,
      label: { type: 'plain_text', text: 'Why' },
      element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 1000 },
    },
  ];
  return {
    type: 'modal',
    callback_id: REQUEST_VIEW,
    private_metadata: metadata(channel, entitlements),
    title: { type: 'plain_text', text: 'Request AWS access' },
    submit: { type: 'plain_text', text: 'Request' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}

/** Slack keeps at most this many characters of a view's private_metadata. */
const METADATA_LIMIT = 3000;

/**
 * The form remembers where it was opened and what it offered, so that its submission and its search can be
 * answered at once, from the view alone, and a refusal told in that channel. A list too long to remember is
 * left out: the catalogue is offered then, and the request made afterwards still refuses what the person
 * may not ask for.
 */
function metadata(channel: string | undefined, entitlements: Entitlement[]): string {
  const full = JSON.stringify({ channel, offered: entitlements.map((e) => e.id) });
  return full.length <= METADATA_LIMIT ? full : JSON.stringify({ channel });
}

/** The entitlement ids the form offered, when it recorded them. */
export function offeredIn(view: { private_metadata?: string }): string[] | undefined {
  try {
    const parsed = z
      .object({ offered: z.array(z.string()).optional() })
      .parse(JSON.parse(view.private_metadata ?? '{}'));
    return parsed.offered;
  } catch {
    // Metadata Latchkey did not write (an older form): the check falls back to the whole catalogue.
    return undefined;
  }
}

/**
 * What the form shows from the moment it opens until its content is ready: the trigger that opens a form
 * lasts three seconds, finding what the person may request can take longer.
 */
export function loadingView(): ModalView {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: 'Request AWS access' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: ':hourglass_flowing_sand: Loading…' } }],
  };
}

/** The form's content when it has only something to say (there is nothing to request, a failure). */
export function noticeView(text: string): ModalView {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: 'Request AWS access' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
  };
}

const valueSchema = z.object({
  value: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
  selected_date_time: z.number().int().nullish(),
  selected_options: z.array(z.object({ value: z.string() })).nullish(),
});
const stateSchema = z.record(z.string(), z.record(z.string(), valueSchema));

export interface Submitted {
  entitlementId: string;
  duration: string;
  reason: string;
  /** The start picked, in epoch milliseconds; undefined = at approval. */
  startAt: number | undefined;
  /** Accounts picked, as `<entitlement>:<account id>`; empty = all of the entitlement's accounts. */
  accounts: string[];
  /** Where `/access` opened the form; undefined when it was opened from the Home tab. */
  channel: string | undefined;
}

export function readSubmission(view: { state?: unknown; private_metadata?: string }): Submitted {
  const values = stateSchema.safeParse((view.state as { values?: unknown } | undefined)?.values ?? {});
  const field = (block: string) => (values.success ? values.data[block]?.value : undefined);
  // None for a form opened from Home (which older versions recorded as empty), or for metadata Latchkey
  // did not write.
  const channel =
    metadataOf(view.private_metadata, z.object({ channel: z.string().optional() }))?.channel || undefined;
  return {
    entitlementId: field(FIELD.entitlement)?.selected_option?.value ?? '',
    duration: (field(FIELD.duration)?.value ?? '').trim(),
    reason: field(FIELD.reason)?.value ?? '',
    startAt: (() => {
      const picked = field(FIELD.start)?.selected_date_time;
      return picked === null || picked === undefined ? undefined : picked * 1000;
    })(),
    accounts:
      (values.success ? values.data[FIELD.accounts]?.[ACCOUNTS_ACTION]?.selected_options : undefined)?.map(
        (o) => o.value,
      ) ?? [],
    channel,
  };
}

/** An account as the accounts select offers it: its value names the entitlement, so a pick is unambiguous. */
export function accountOption(entitlementId: string, account: { id: string; name: string }): PlainTextOption {
  return {
    text: {
      type: 'plain_text',
      text: truncate(account.name ? `${account.name} (${account.id})` : account.id, 75),
    },
    value: `${entitlementId}:${account.id}`,
  };
}
