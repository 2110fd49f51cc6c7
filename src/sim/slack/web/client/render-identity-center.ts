// The side panel: who holds which permission set on which account in the simulated Identity Center,
// the operations still in flight, and group members. Rows that just appeared are marked so a person
// sees access arrive on approval.

import { escapeHtml } from '../html.js';
import type { IcHolding, IdentityCenterView } from '../ui-model.js';

export const holdingKey = (h: IcHolding) =>
  `${h.accountId}|${h.permissionSet}|${h.principalType}|${h.principal}`;

function holdingHtml(holding: IcHolding, fresh: boolean): string {
  const who = holding.principalType === 'GROUP' ? `👥 ${holding.displayName}` : holding.displayName;
  return [
    `<li class="ic-row${fresh ? ' ic-fresh' : ''}" data-principal="${escapeHtml(holding.principal)}" data-permission-set="${escapeHtml(holding.permissionSet)}">`,
    `<span class="ic-who">${escapeHtml(who)}</span>`,
    `<span class="ic-ps">${escapeHtml(holding.permissionSet)}</span></li>`,
  ].join('');
}

function accountsHtml(view: IdentityCenterView, fresh: ReadonlySet<string>): string {
  if (view.assignments.length === 0) return '<p class="ic-empty">No account assignments.</p>';
  const accounts = [...new Set(view.assignments.map((a) => `${a.account}|${a.accountId}`))];
  return accounts
    .map((key) => {
      const [name = '', id = ''] = key.split('|');
      const rows = view.assignments
        .filter((a) => a.accountId === id)
        .map((a) => holdingHtml(a, fresh.has(holdingKey(a))))
        .join('');
      return `<div class="ic-account"><h4>${escapeHtml(name)} <span class="ic-account-id">${escapeHtml(id)}</span></h4><ul>${rows}</ul></div>`;
    })
    .join('');
}

function inProgressHtml(view: IdentityCenterView): string {
  if (view.inProgress.length === 0) return '';
  const rows = view.inProgress
    .map((op) => {
      const verb = op.kind === 'deletion' ? 'Removing' : 'Granting';
      return `<li class="ic-row ic-pending">⏳ ${verb} ${escapeHtml(op.permissionSet)} for ${escapeHtml(op.principal)} on ${escapeHtml(op.account)}</li>`;
    })
    .join('');
  return `<section class="ic-section"><h3>In progress</h3><ul>${rows}</ul></section>`;
}

function groupsHtml(view: IdentityCenterView): string {
  if (view.groups.length === 0) return '';
  const rows = view.groups
    .map((g) => {
      const members = g.members.length ? g.members.map(escapeHtml).join(', ') : '<i>no members</i>';
      return `<li class="ic-group" data-group="${escapeHtml(g.name)}"><span class="ic-who">👥 ${escapeHtml(g.name)}</span><span class="ic-members">${members}</span></li>`;
    })
    .join('');
  return `<section class="ic-section"><h3>Groups</h3><ul>${rows}</ul></section>`;
}

function onCallHtml(view: IdentityCenterView): string {
  if (!view.onCall) return '';
  const rows = view.onCall.length
    ? view.onCall
        .map((o) => {
          const until =
            o.end === null
              ? 'no end'
              : `until ${new Date(o.end).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`;
          return `<li class="ic-row" data-on-call="${escapeHtml(o.user)}"><span class="ic-who">📟 ${escapeHtml(o.user)}</span><span class="ic-ps">${escapeHtml(o.schedule)} · ${escapeHtml(until)}</span></li>`;
        })
        .join('')
    : '<li class="ic-empty">Nobody is on call.</li>';
  return `<section class="ic-section"><h3>On call (PagerDuty, simulated)</h3><ul>${rows}</ul></section>`;
}

export function identityCenterHtml(view: IdentityCenterView | null, fresh: ReadonlySet<string>): string {
  const header =
    '<header class="ic-header"><span class="ic-logo">☁</span><div><div class="ic-title">IAM Identity Center</div><div class="ic-sub">simulated · what AWS holds right now</div></div><span class="live-dot" title="Updates live"></span></header>';
  if (!view) return `${header}<p class="ic-empty">Connecting…</p>`;
  if (!view.available) {
    return `${header}<p class="ic-empty">Not available${view.problem ? `: ${escapeHtml(view.problem)}` : ''}.</p>`;
  }
  return [
    header,
    `<section class="ic-section"><h3>Account assignments</h3>${accountsHtml(view, fresh)}</section>`,
    inProgressHtml(view),
    groupsHtml(view),
    onCallHtml(view),
  ].join('');
}
