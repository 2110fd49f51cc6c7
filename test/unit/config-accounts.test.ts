import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load.js';
import { readmeConfigWith } from '../support/config.js';

function problemsOf(text: string): string[] {
  try {
    parseConfig(text);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
}

const base = {
  description: 'Read-only on workloads',
  permissionSet: 'ReadOnlyAccess',
  approvers: ['@sre-leads'],
};

describe('Config: entitlements on several accounts and guardrails', () => {
  it('reads a list of accounts, the first as the target template', () => {
    const config = parseConfig(
      readmeConfigWith((doc) => {
        doc.entitlements.push({ id: 'pair-read', ...base, accounts: ['111111111111', '222222222222'] });
      }),
    );

    expect(config.entitlements.at(-1)).toMatchObject({
      target: { kind: 'permissionSet', accountId: '111111111111', permissionSet: 'ReadOnlyAccess' },
      accounts: { kind: 'list', accountIds: ['111111111111', '222222222222'] },
    });
  });

  it('reads an OU', () => {
    const config = parseConfig(
      readmeConfigWith((doc) => {
        doc.entitlements.push({ id: 'ou-read', ...base, ou: 'ou-ab12-cd34ef56' });
      }),
    );

    expect(config.entitlements.at(-1)?.accounts).toEqual({ kind: 'ou', ouId: 'ou-ab12-cd34ef56' });
  });

  it.each([
    [{ account: '111111111111', ou: 'ou-ab12-cd34ef56' }, 'give only one of account, accounts and ou'],
    [{ accounts: ['111111111111'], ou: 'ou-ab12-cd34ef56' }, 'give only one of account, accounts and ou'],
    [{ ou: 'ab12' }, 'expected an organizational unit id'],
    [{ accounts: [] }, 'list at least one account'],
    [{ accounts: ['111111111111', '111111111111'] }, 'an account is listed twice'],
    [{ accounts: ['1234'] }, 'expected a 12-digit AWS account id'],
  ])('refuses %j', (where, message) => {
    const problems = problemsOf(
      readmeConfigWith((doc) => {
        doc.entitlements.push({ id: 'bad', ...base, ...where });
      }),
    );

    expect(problems.join('\n')).toContain(message);
  });

  it('refuses an OU with a group', () => {
    const problems = problemsOf(
      readmeConfigWith((doc) => {
        doc.entitlements.push({
          id: 'bad',
          description: 'x',
          ou: 'ou-ab12-cd34ef56',
          group: 'Readers',
          approvers: ['@sre-leads'],
        });
      }),
    );

    expect(problems.join('\n')).toContain('not both');
  });

  it('refuses a reasonPattern that is not a regular expression, at its path', () => {
    const problems = problemsOf(
      readmeConfigWith((doc) => {
        doc.entitlements.push({ id: 'bad', ...base, account: '111111111111', reasonPattern: '^[A-Z+' });
      }),
    );

    expect(
      problems.some((p) => /^entitlements\[\d+\]\.reasonPattern: not a valid regular expression/.test(p)),
    ).toBe(true);
  });

  it('reads maxActivePerPerson and maxLeadTime, with a 7-day lead time by default', () => {
    const capped = parseConfig(
      readmeConfigWith((doc) => {
        doc.defaults = { ...doc.defaults, maxActivePerPerson: 3, maxLeadTime: '2d' };
      }),
    );
    const plain = parseConfig(
      readmeConfigWith((doc) => {
        delete doc.defaults.maxActivePerPerson;
        delete doc.defaults.maxLeadTime;
      }),
    );

    expect(capped.requests).toEqual({ maxActivePerPerson: 3, maxLeadTimeSec: 2 * 86_400 });
    expect(plain.requests).toEqual({ maxLeadTimeSec: 7 * 86_400 });
  });

  it('refuses a cap below one', () => {
    const problems = problemsOf(
      readmeConfigWith((doc) => {
        doc.defaults = { ...doc.defaults, maxActivePerPerson: 0 };
      }),
    );

    expect(problems.join('\n')).toContain('defaults.maxActivePerPerson');
  });
});
