// The activity digest's IAM: StartQuery and GetQueryResults on the configured event data
// store only, for the sweeper and the worker only (the Slack handler queues `/access activity` on the
// worker), and nothing at all without `activity`.

import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIVITY_ACTIONS } from '../../infra/constructs/cloudtrail.js';
import { loadConfig } from '../../src/config/load.js';
import { evaluate, parsePolicy } from '../../src/sim/iam/index.js';
import { type FunctionRole, rolePoliciesFor } from '../support/lambda/role-policies.js';
import {
  asList,
  fixture,
  functionOf,
  type Synthesised,
  standInBundles,
  statementsOf,
  synth,
} from './synth.js';

const EDS = 'arn:aws:cloudtrail:eu-west-1:111111111111:eventdatastore/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';

let withActivity: Synthesised;
let without: Synthesised;

beforeAll(async () => {
  const bundles = await standInBundles();
  withActivity = await synth('latchkey-activity.yml', bundles);
  without = await synth('latchkey.yml', bundles);
}, 120_000);

const cloudTrailStatements = (s: Synthesised) =>
  statementsOf(s.template)
    .filter(({ statement }) => asList(statement.Action).some((a) => a.startsWith('cloudtrail:')))
    .map(({ holder, statement }) => ({ fn: functionOf(holder), statement }));

describe('activity digest permissions', () => {
  it('allow the two query actions on the event data store, to the sweeper and the worker', () => {
    const found = cloudTrailStatements(withActivity);

    expect(found.map((f) => f.fn).sort()).toEqual(['Sweeper', 'Worker']);
    for (const { statement } of found) {
      expect(asList(statement.Action).sort()).toEqual([...ACTIVITY_ACTIONS].sort());
      expect(statement.Resource).toBe(EDS);
      expect(statement.Effect).toBe('Allow');
    }
  });

  it('are absent when the config has no activity section', () => {
    expect(cloudTrailStatements(without)).toEqual([]);
  });

  it('let the deployed sweeper and worker roles query the store under the IAM the simulators enforce', async () => {
    const config = await loadConfig(fixture('latchkey-activity.yml'));
    const { roles } = await rolePoliciesFor(config, {
      table: 'latchkey',
      secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:LatchkeySlack-AbCdEf',
      workerName: 'latchkey-worker',
    });
    const decision = (fn: FunctionRole, action: string, resource: string) =>
      evaluate(roles[fn].policies.map(parsePolicy), action, [resource]);

    for (const action of ACTIVITY_ACTIONS) {
      expect(decision('Sweeper', action, EDS)).toBe('allow');
      expect(decision('Worker', action, EDS)).toBe('allow');
      expect(decision('SlackHandler', action, EDS)).not.toBe('allow');
      expect(decision('Sweeper', action, EDS.replace('EXAMPLE11111', 'EXAMPLE22222'))).not.toBe('allow');
    }
  }, 120_000);
});
