// Prints the IAM policy that the role in `identityCenter.roleArn` needs, for the account that owns
// Identity Center to attach: `LATCHKEY_CONFIG=latchkey.yml npx tsx infra/role-policy.ts`.

import { resolve } from 'node:path';
import { loadConfig } from '../src/config/load.js';
import { identityCenterRolePolicy, roleAccount } from './constructs/identity-center.js';

const config = await loadConfig(resolve(process.env.LATCHKEY_CONFIG ?? './latchkey.yml'));
const account =
  process.env.LATCHKEY_IDENTITY_STORE_ACCOUNT ?? roleAccount(config.identityCenter.roleArn ?? '');
if (!account) throw new Error('set identityCenter.roleArn in the config, or LATCHKEY_IDENTITY_STORE_ACCOUNT');
console.log(JSON.stringify(identityCenterRolePolicy(config, account), null, 2));
