// The side panel: who holds which permission set on which account in the simulated Identity Center,
// the operations still in flight, and group members. Rows that just appeared are marked so a person
// sees access arrive on approval. Each holding keeps its own row, so a new one is a new element and
// plays the mark's animation, whatever rows came before it.

import { html, nothing, type TemplateResult } from 'lit-html';
import { repeat } from 'lit-html/directives/repeat.js';
import type { IcHolding, IdentityCenterView } from '../identity-center-view.js';

export const holdingKey = (h: IcHolding) =>
  `${h.accountId}|${h.permissionSet}|${h.principalType}|${h.principal}`;

const holding = (h: IcHolding, fresh: boolean) =>
  html`<li class="ic-row${fresh ? ' ic-fresh' : ''}" data-principal=${h.principal} data-permission-set=${h.permissionSet}><span class="ic-who">${h.principalType === 'GROUP' ? `👥 ${h.displayName}` : h.displayName}</span><span class="ic-ps">${h.permissionSet}</span></li>`;

function accounts(view: IdentityCenterView, fresh: ReadonlySet<string>): TemplateResult {
  if (view.assignments.length === 0) return html`<p class="ic-empty">No account assignments.</p>`;
  const ids = [...new Map(view.assignments.map((a) => [a.accountId, a.account]))];
  return html`${repeat(
    ids,
    ([id]) => id,
    ([id, name]) =>
      html`<div class="ic-account"><h4>${name} <span class="ic-account-id">${id}</span></h4><ul>${repeat(
        view.assignments.filter((a) => a.accountId === id),
        holdingKey,
        (a) => holding(a, fresh.has(holdingKey(a))),
      )}</ul></div>`,
  )}`;
}

const section = (title: string, rows: unknown) =>
  html`<section class="ic-section"><h3>${title}</h3><ul>${rows}</ul></section>`;

const until = (end: number | null) =>
  end === null
    ? 'no end'
    : `until ${new Date(end).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`;

export function identityCenterTemplate(
  view: IdentityCenterView | null,
  fresh: ReadonlySet<string>,
): TemplateResult {
  const header = html`<header class="ic-header"><span class="ic-logo">☁</span><div><div class="ic-title">IAM Identity Center</div><div class="ic-sub">simulated · what AWS holds right now</div></div><span class="live-dot" title="Updates live"></span></header>`;
  if (!view) return html`${header}<p class="ic-empty">Connecting…</p>`;
  if (!view.available)
    return html`${header}<p class="ic-empty">Not available${view.problem ? `: ${view.problem}` : ''}.</p>`;
  return html`${header}<section class="ic-section"><h3>Account assignments</h3>${accounts(view, fresh)}</section>${
    view.inProgress.length
      ? section(
          'In progress',
          view.inProgress.map(
            (op) =>
              html`<li class="ic-row ic-pending">⏳ ${op.kind === 'deletion' ? 'Removing' : 'Granting'} ${op.permissionSet} for ${op.principal} on ${op.account}</li>`,
          ),
        )
      : nothing
  }${
    view.groups.length
      ? section(
          'Groups',
          view.groups.map(
            (g) =>
              html`<li class="ic-group" data-group=${g.name}><span class="ic-who">👥 ${g.name}</span><span class="ic-members">${g.members.length ? g.members.join(', ') : html`<i>no members</i>`}</span></li>`,
          ),
        )
      : nothing
  }${
    view.onCall
      ? section(
          'On call (PagerDuty, simulated)',
          view.onCall.length
            ? view.onCall.map(
                (o) =>
                  html`<li class="ic-row" data-on-call=${o.user}><span class="ic-who">📟 ${o.user}</span><span class="ic-ps">${o.schedule} · ${until(o.end)}</span></li>`,
              )
            : html`<li class="ic-empty">Nobody is on call.</li>`,
        )
      : nothing
  }`;
}
