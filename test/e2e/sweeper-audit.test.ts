// `latchkey audit`, the real command: every event of a grant's whole life — requested, approved,
// provisioning, activated, expired, revoked — comes out with who, what, on which target, why, approved by
// whom and the AWS request ids, the same in JSON lines and in CSV; `--grant` keeps one grant's events.

import { describe, expect, it } from 'vitest';
import type { Grant } from '../../src/core/grant.js';
import { request } from '../../src/core/lifecycle.js';
import { AUDIT_COLUMNS, type AuditRecord } from '../../src/service/audit-export.js';
import { DEFAULT_SWEEP, sweepOnce } from '../../src/service/sweeper.js';
import { DynamoGrantStore } from '../../src/store/dynamo-store.js';
import { ensureTable, localDynamoClient, startEmbeddedDynamo } from '../../src/store/embedded.js';
import { activeGrant } from '../support/active-grants.js';
import { entitlement } from '../support/entitlements.js';
import { QUICK_POLL } from '../support/identity-center-sim.js';
import { openService, runLatchkey, useInstallation } from '../support/latchkey-process.js';

/** RFC 4180: fields separated by commas, quoted when they hold commas, quotes or line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('latchkey audit: a grant’s whole life, exported', () => {
  const deployed = useInstallation({ minDuration: '1s' });

  const audit = async (...args: string[]) => {
    const run = await runLatchkey(['audit', ...args], deployed.installation.env());
    expect(run.code, run.stderr).toBe(0);
    return run.stdout;
  };

  it('round-trips every event with actor, action, target, reason, approvers and AWS request ids', async () => {
    const service = await openService(deployed.sims, deployed.installation, { adapter: QUICK_POLL });
    const { deps } = service;
    const reason = 'INC-7: checking "prod", the logs';
    const asked = await activeGrant(deps, { requester: 'U0ALICE', entitlementId: 'prod-read' }, '1s', reason);
    const other = await activeGrant(
      deps,
      { requester: 'U0DAVE', entitlementId: 'incident-breakglass' },
      '1s',
    );
    const lastEnd = Math.max(asked.expiresAt ?? 0, other.expiresAt ?? 0);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, lastEnd - Date.now()) + 50));
    await sweepOnce(deps, DEFAULT_SWEEP);
    const grant = (await deps.store.get(asked.id)) as Grant;
    expect(grant.state).toBe('revoked');
    await service.close();

    const jsonl = await audit('--since', '1h', '--format', 'jsonl');
    const records = jsonl
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditRecord);
    const mine = records.filter((r) => r.grantId === grant.id);
    expect(mine.map((r) => [r.action, r.actor, r.from, r.to])).toEqual([
      ['requested', 'U0ALICE', '', 'pending'],
      ['approved', 'U0BOB', 'pending', 'approved'],
      ['provisioning', 'system', 'approved', 'provisioning'],
      ['activated', 'system', 'provisioning', 'active'],
      ['expired', 'system', 'active', 'revoking'],
      ['revoked', 'system', 'revoking', 'revoked'],
    ]);
    for (const record of mine) {
      expect(record).toMatchObject({
        entitlement: 'prod-read',
        target: '123456789012/ReadOnlyAccess',
        requester: 'U0ALICE',
        reason,
        approvers: 'U0BOB',
      });
    }
    expect(mine.map((r) => r.at)).toEqual(grant.events.map((e) => new Date(e.at).toISOString()));
    expect(grant.aws.creationRequestId).toBeTruthy();
    expect(grant.aws.deletionRequestId).toBeTruthy();
    expect(mine.find((r) => r.action === 'activated')?.awsRequestId).toBe(grant.aws.creationRequestId);
    expect(mine.find((r) => r.action === 'revoked')?.awsRequestId).toBe(grant.aws.deletionRequestId);
    expect(records.some((r) => r.grantId === other.id)).toBe(true);

    const csv = parseCsv(await audit('--since', '1h', '--format', 'csv'));
    expect(csv[0]).toEqual(AUDIT_COLUMNS);
    const fromCsv = csv.slice(1).map((row) => Object.fromEntries(AUDIT_COLUMNS.map((c, i) => [c, row[i]])));
    expect(fromCsv).toEqual(records);

    const one = await audit('--grant', grant.id, '--format', 'jsonl');
    expect(
      one
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as AuditRecord),
    ).toEqual(mine);
  }, 60_000);
});

describe('latchkey audit: from a DynamoDB table', () => {
  it('exports with the store’s settings alone: no Slack credentials are needed to read the table', async () => {
    const dynamo = await startEmbeddedDynamo(undefined);
    const client = localDynamoClient(dynamo.endpoint);
    try {
      await ensureTable(client, 'latchkey-audit');
      const { grant } = request({
        id: 'g-7k2m9q4x',
        entitlement: entitlement(),
        requester: 'U0ALICE',
        durationSec: 3600,
        reason: 'the auditor reads this',
        now: Date.now(),
      });
      await new DynamoGrantStore(client, 'latchkey-audit').create(grant);

      const { SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN, ...rest } = process.env;
      const run = await runLatchkey(['audit', '--grant', grant.id], {
        ...rest,
        LATCHKEY_TABLE: 'latchkey-audit',
        LATCHKEY_DATA_DIR: '/nonexistent/never-created',
        AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: 'AKIDAUDITOR',
        AWS_SECRET_ACCESS_KEY: 'auditor',
      });

      expect(run.code, run.stderr).toBe(0);
      const records = run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as AuditRecord);
      expect(records).toMatchObject([
        { grantId: grant.id, action: 'requested', reason: 'the auditor reads this' },
      ]);
    } finally {
      client.destroy();
      await dynamo.close();
    }
  });
});
