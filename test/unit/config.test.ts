import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crossFieldProblems } from '../../src/config/cross-field.js';
import { ConfigError, formatPath, loadConfig, parseConfig } from '../../src/config/load.js';
import {
  entitlementAt,
  type RawConfigDoc,
  README_CONFIG,
  README_CONFIG_FILE,
  readmeConfigWith,
  SANDBOX_CONFIG_FILE,
} from '../support/config.js';

/** The problems a config reports, or none when it is valid. */
function problemsOf(text: string): string[] {
  try {
    parseConfig(text);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
}

describe('Config: valid files', () => {
  it('the sandbox config validates', async () => {
    const config = await loadConfig(SANDBOX_CONFIG_FILE);

    expect(config.entitlements.map((e) => e.id)).toEqual([
      'prod-admin',
      'prod-read',
      'staging-admin',
      'billing-read',
      'incident-breakglass',
      'workloads-read',
      'oncall-admin',
    ]);
    expect(config.entitlements.find((e) => e.id === 'oncall-admin')?.autoApprove).toEqual({
      pagerduty: { schedules: ['PPRODON'] },
    });
    expect(config.entitlements.find((e) => e.id === 'staging-admin')).toMatchObject({
      approvers: ['U0BOB', 'U0CAROL'],
      selfApprove: true,
      minDurationSec: 30,
      maxDurationSec: 4 * 3600,
    });
  });

  it('the README example validates, with the defaults applied to each entitlement', async () => {
    const config = await loadConfig(README_CONFIG_FILE);

    expect(config.identityCenter).toMatchObject({ region: 'eu-west-1', userMatch: 'email' });
    expect(config.slack).toEqual({
      approvalChannel: 'C0APPROVALS',
      approveReaction: 'white_check_mark',
      denyReaction: 'x',
      admins: ['@platform-team'],
    });
    expect(config.entitlements).toEqual([
      {
        id: 'prod-admin',
        description: 'Administrator on production',
        target: { kind: 'permissionSet', accountId: '123456789012', permissionSet: 'AdministratorAccess' },
        approvers: ['U0LEAD1', '@sre-leads'],
        requesters: undefined,
        approvals: 2,
        selfApprove: false,
        minDurationSec: 300,
        maxDurationSec: 7200,
        maxTotalSec: 3 * 7200,
        approvalWindowSec: 3600,
        channel: 'C0PRODAPPROVALS',
      },
      {
        id: 'billing-read',
        description: 'Read billing data',
        target: { kind: 'group', group: 'BillingReaders' },
        approvers: ['@finance-leads'],
        requesters: ['@engineering'],
        approvals: 1,
        selfApprove: false,
        minDurationSec: 300,
        maxDurationSec: 8 * 3600,
        maxTotalSec: 3 * 8 * 3600,
        approvalWindowSec: 3600,
        channel: 'C0APPROVALS',
      },
      {
        id: 'incident-breakglass',
        description: 'Read-only on production during an incident',
        target: { kind: 'permissionSet', accountId: '123456789012', permissionSet: 'ReadOnlyAccess' },
        approvers: ['@sre-leads'],
        requesters: undefined,
        approvals: 0,
        selfApprove: false,
        minDurationSec: 300,
        maxDurationSec: 3600,
        maxTotalSec: 3 * 3600,
        approvalWindowSec: 3600,
        channel: 'C0APPROVALS',
      },
    ]);
  });

  it('without a defaults section the built-in defaults apply', () => {
    const config = parseConfig(
      readmeConfigWith((doc) => {
        Reflect.deleteProperty(doc, 'defaults');
        Reflect.deleteProperty(entitlementAt(doc, 1), 'maxDuration');
        Reflect.deleteProperty(doc.slack, 'approveReaction');
        Reflect.deleteProperty(doc.identityCenter, 'userMatch');
      }),
    );

    expect(config.entitlements[1]).toMatchObject({
      minDurationSec: 300,
      maxDurationSec: 4 * 3600,
      approvalWindowSec: 3600,
      approvals: 1,
    });
    expect(config.slack.approveReaction).toBe('white_check_mark');
    expect(config.identityCenter.userMatch).toBe('email');
  });

  it('maxTotal defaults to three times the maximum duration, and is taken from defaults or the entitlement', () => {
    const config = parseConfig(
      readmeConfigWith((doc) => {
        doc.defaults.maxTotal = '10h';
        entitlementAt(doc, 2).maxTotal = '90m';
      }),
    );
    expect(parseConfig(README_CONFIG).entitlements.map((e) => e.maxTotalSec)).toEqual([
      6 * 3600,
      24 * 3600,
      3 * 3600,
    ]);
    expect(config.entitlements.map((e) => e.maxTotalSec)).toEqual([10 * 3600, 10 * 3600, 5400]);
  });

  it('audit.retain is optional: without it the audit trail is kept for good', () => {
    expect(parseConfig(README_CONFIG).audit).toEqual({});
    const config = parseConfig(
      readmeConfigWith((doc) => {
        doc.audit = { retain: '730d' };
      }),
    );
    expect(config.audit).toEqual({ retainSec: 730 * 86_400 });
    expect(
      problemsOf(
        readmeConfigWith((doc) => {
          doc.audit = { retain: 'forever' };
        }),
      ),
    ).toEqual(['audit.retain: "forever" is not a duration; write it like 90s, 30m, 2h or 1d']);
  });

  it('refuses an audit.retain that would remove grants before their activity digest is posted', () => {
    const withDigest = (retain: string, delay?: string) =>
      readmeConfigWith((doc) => {
        doc.audit = { retain };
        doc.activity = {
          eventDataStore:
            'arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d',
          ...(delay !== undefined && { delay }),
        };
      });

    expect(problemsOf(withDigest('10m'))).toEqual([
      'audit.retain: finished grants would be removed (after 10m) before their activity digest is posted (activity.delay 15m): keep them longer',
    ]);
    expect(problemsOf(withDigest('1h', '2h'))).toHaveLength(1);
    expect(problemsOf(withDigest('1h', '30m'))).toEqual([]);
    expect(problemsOf(withDigest('1h'))).toEqual([]);
  });

  it('an unquoted twelve-digit account id is read as the same account', () => {
    const config = parseConfig(README_CONFIG.replace('account: "123456789012"', 'account: 123456789012'));

    expect(config.entitlements[0]?.target).toMatchObject({ accountId: '123456789012' });
  });

  it('a quorum larger than the listed user ids is fine when a user group is listed too', () => {
    // The README's prod-admin: two approvals from U0LEAD1 and @sre-leads.
    expect(problemsOf(README_CONFIG)).toEqual([]);
    expect(
      problemsOf(
        readmeConfigWith((doc) => {
          entitlementAt(doc, 0).approvals = 5;
        }),
      ),
    ).toEqual([]);
  });
});

describe('Config: broken files report every problem at its path', () => {
  const cases: [string, (doc: RawConfigDoc) => void, string[]][] = [
    [
      'a bad duration',
      (doc) => {
        entitlementAt(doc, 1).maxDuration = '8 hours';
      },
      ['entitlements[1].maxDuration: "8 hours" is not a duration; write it like 90s, 30m, 2h or 1d'],
    ],
    [
      'a duration written as a bare number',
      (doc) => {
        doc.defaults.approvalWindow = 60;
      },
      ['defaults.approvalWindow: Invalid input: expected string, received number'],
    ],
    [
      'a duplicate id',
      (doc) => {
        entitlementAt(doc, 2).id = 'prod-admin';
      },
      ['entitlements[2].id: "prod-admin" is already used by entitlements[0]'],
    ],
    [
      'a minimum longer than the maximum',
      (doc) => {
        entitlementAt(doc, 0).minDuration = '3h';
      },
      ['entitlements[0].minDuration: the minimum duration (3h) is longer than the maximum (2h)'],
    ],
    [
      'a default minimum longer than the maximum of some entitlements',
      (doc) => {
        doc.defaults.minDuration = '2h30m';
      },
      [
        'entitlements[0].maxDuration: the minimum duration (2h 30m) is longer than the maximum (2h)',
        'entitlements[2].maxDuration: the minimum duration (2h 30m) is longer than the maximum (1h)',
      ],
    ],
    [
      'a whole time (maxTotal) shorter than one grant may be',
      (doc) => {
        entitlementAt(doc, 0).maxTotal = '1h';
      },
      [
        "entitlements[0].maxTotal: the whole time allowed (maxTotal 1h) is shorter than one grant's maximum (2h)",
      ],
    ],
    [
      'a quorum larger than a list of user ids',
      (doc) => {
        entitlementAt(doc, 0).approvers = ['U0LEAD1', 'U0LEAD2'];
        entitlementAt(doc, 0).approvals = 3;
      },
      ['entitlements[0].approvals: 3 approvals needed but only 2 approver(s) are listed'],
    ],
    [
      'a quorum counted against the same user listed twice',
      (doc) => {
        entitlementAt(doc, 0).approvers = ['U0LEAD1', 'U0LEAD1'];
      },
      ['entitlements[0].approvals: 2 approvals needed but only 1 approver(s) are listed'],
    ],
    [
      'approvals needed but no approvers',
      (doc) => {
        Reflect.deleteProperty(entitlementAt(doc, 1), 'approvers');
      },
      ['entitlements[1].approvers: 1 approval(s) needed but no approvers are listed'],
    ],
    [
      'both a permission set and a group',
      (doc) => {
        Object.assign(entitlementAt(doc, 1), { account: '123456789012', permissionSet: 'Billing' });
      },
      ['entitlements[1]: give either account + permissionSet, or group, not both'],
    ],
    [
      'a permission set without an account',
      (doc) => {
        Reflect.deleteProperty(entitlementAt(doc, 2), 'account');
      },
      ['entitlements[2].account: required with permissionSet (or give a group)'],
    ],
    [
      'neither a permission set nor a group',
      (doc) => {
        Reflect.deleteProperty(entitlementAt(doc, 1), 'group');
      },
      [
        'entitlements[1].account: required with permissionSet (or give a group)',
        'entitlements[1].permissionSet: required with account (or give a group)',
      ],
    ],
    [
      'an account id that is not 12 digits',
      (doc) => {
        entitlementAt(doc, 0).account = '12345678901';
      },
      ['entitlements[0].account: expected a 12-digit AWS account id (quote it if it starts with 0)'],
    ],
    [
      'unknown fields, at any level',
      (doc) => {
        entitlementAt(doc, 0).approver = 'U0LEAD2';
        doc.slack.channel = 'C0OTHER';
        doc.extra = true;
      },
      [
        '(top level): unknown field(s): extra',
        'entitlements[0]: unknown field(s): approver',
        'slack: unknown field(s): channel',
      ],
    ],
    [
      'missing sections',
      (doc) => {
        Reflect.deleteProperty(doc, 'slack');
        Reflect.deleteProperty(doc, 'identityCenter');
      },
      [
        'identityCenter: Invalid input: expected object, received undefined',
        'slack: Invalid input: expected object, received undefined',
      ],
    ],
    [
      'no entitlements',
      (doc) => {
        doc.entitlements = [];
      },
      ['entitlements: list at least one entitlement'],
    ],
    [
      'malformed ids, channels, principals and ARNs',
      (doc) => {
        doc.identityCenter.region = 'Ireland';
        doc.identityCenter.instanceArn = 'arn:aws:sso:::instance/nope';
        doc.slack.approvalChannel = '#approvals';
        entitlementAt(doc, 0).id = 'Prod_Admin';
        entitlementAt(doc, 1).approvers = ['finance-leads'];
      },
      [
        'entitlements[0].id: expected lower-case letters, digits and dashes',
        'entitlements[1].approvers[0]: expected a Slack user id (U…) or a user group handle (@name)',
        'identityCenter.instanceArn: expected an Identity Center instance ARN',
        'identityCenter.region: expected an AWS region like eu-west-1',
        'slack.approvalChannel: expected a Slack channel id (C…)',
      ],
    ],
    [
      'several problems at once, all reported together in document order',
      (doc) => {
        // Eight more valid ones first, so that entitlements[10] has to sort after entitlements[2].
        for (let i = 3; i <= 10; i++) doc.entitlements.push({ ...entitlementAt(doc, 1), id: `team-${i}` });
        entitlementAt(doc, 0).minDuration = '3h';
        entitlementAt(doc, 0).account = '1234';
        entitlementAt(doc, 1).maxDuration = 'forever';
        Object.assign(entitlementAt(doc, 1), { account: '123456789012', permissionSet: 'Billing' });
        entitlementAt(doc, 2).id = 'billing-read';
        entitlementAt(doc, 2).colour = 'red';
        entitlementAt(doc, 10).maxDuration = '1y';
      },
      [
        'entitlements[0].account: expected a 12-digit AWS account id (quote it if it starts with 0)',
        'entitlements[0].minDuration: the minimum duration (3h) is longer than the maximum (2h)',
        'entitlements[1]: give either account + permissionSet, or group, not both',
        'entitlements[1].maxDuration: "forever" is not a duration; write it like 90s, 30m, 2h or 1d',
        'entitlements[2]: unknown field(s): colour',
        'entitlements[2].id: "billing-read" is already used by entitlements[1]',
        'entitlements[10].maxDuration: "1y" is not a duration; write it like 90s, 30m, 2h or 1d',
      ],
    ],
  ];

  it.each(cases)('%s', (_name, change, expected) => {
    expect(problemsOf(readmeConfigWith(change))).toEqual(expected);
  });

  it('an account id YAML reads as a number loses its leading zero and is refused', () => {
    const text = README_CONFIG.replace('account: "123456789012"', 'account: 012345678901');

    expect(problemsOf(text)).toEqual([
      'entitlements[0].account: expected a 12-digit AWS account id (quote it if it starts with 0)',
    ]);
  });

  it('YAML syntax errors are reported with their line, before anything else is checked', () => {
    const text = README_CONFIG.replace('  denyReaction: x\n', '  denyReaction: [x\n');

    const problems = problemsOf(text);

    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) expect(problem).toMatch(/^YAML: .* at line \d+, column \d+/);
  });

  it('a key given twice is a YAML error', () => {
    const text = README_CONFIG.replace(
      '  denyReaction: x\n',
      '  denyReaction: x\n  denyReaction: no_entry\n',
    );

    expect(problemsOf(text)).toEqual(['YAML: Map keys must be unique at line 12, column 3:']);
  });

  it.each([
    ['an empty file', '', ['entitlements', 'identityCenter', 'slack']],
    ['a list', '- a\n- b\n', ['(top level)']],
    ['a bare word', 'latchkey\n', ['(top level)']],
  ])('%s is refused at the top', (_name, text, paths) => {
    expect(problemsOf(text).map((p) => p.split(':')[0])).toEqual(paths);
  });

  it('the error names the file and lists each problem on its own line', () => {
    const error = (() => {
      try {
        parseConfig(
          readmeConfigWith((doc) => {
            entitlementAt(doc, 2).id = 'prod-admin';
            entitlementAt(doc, 1).maxDuration = 'soon';
          }),
          'ops/latchkey.yml',
        );
      } catch (caught) {
        return caught;
      }
    })();

    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(
      'ops/latchkey.yml is not a valid Latchkey config:\n' +
        '  - entitlements[1].maxDuration: "soon" is not a duration; write it like 90s, 30m, 2h or 1d\n' +
        '  - entitlements[2].id: "prod-admin" is already used by entitlements[0]',
    );
  });
});

describe('Config: loading from disk', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'latchkey-config-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a file that does not exist is reported as such', async () => {
    const file = join(dir, 'missing.yml');

    const error = await loadConfig(file).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ file, problems: ['file not found'] });
  });

  it('a broken file on disk is reported under its name', async () => {
    const file = join(dir, 'broken.yml');
    await writeFile(
      file,
      readmeConfigWith((doc) => Reflect.deleteProperty(doc, 'slack')),
    );

    const error = await loadConfig(file).catch((caught: unknown) => caught);

    expect(error).toMatchObject({
      file,
      problems: ['slack: Invalid input: expected object, received undefined'],
    });
  });
});

describe('Config: paths and cross-field rules on their own', () => {
  it.each<[(string | number)[], string]>([
    [[], '(top level)'],
    [['slack'], 'slack'],
    [['entitlements', 1, 'maxDuration'], 'entitlements[1].maxDuration'],
    [['entitlements', 0, 'approvers', 2], 'entitlements[0].approvers[2]'],
  ])('writes the path %j as %s', (path, text) => {
    expect(formatPath(path)).toBe(text);
  });

  it('cross-field rules find nothing to check in a document without entitlements', () => {
    expect(crossFieldProblems(undefined)).toEqual([]);
    expect(crossFieldProblems({ entitlements: 'none' })).toEqual([]);
  });

  it('cross-field rules skip an entitlement that is not a mapping', () => {
    expect(crossFieldProblems({ entitlements: ['prod-admin'] })).toEqual([]);
  });
});
