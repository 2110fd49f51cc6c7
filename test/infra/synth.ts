// Synthesises the Latchkey stack in-process for the infra tests, on stand-in bundle folders: the stack
// only hashes them, and bundling is tested on its own (bundle.test.ts).

import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { LAMBDAS, type LambdaName } from '../../infra/bundle.js';
import { LatchkeyStack } from '../../infra/stack.js';
import { loadConfig } from '../../src/config/load.js';

export const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);

export async function standInBundles(): Promise<Record<LambdaName, string>> {
  const root = await mkdtemp(join(tmpdir(), 'latchkey-bundles-'));
  const dirs = {} as Record<LambdaName, string>;
  for (const name of LAMBDAS) {
    dirs[name] = join(root, name);
    await mkdir(dirs[name], { recursive: true });
    await writeFile(join(dirs[name], 'index.mjs'), `export const handler = async () => '${name}';\n`);
  }
  return dirs;
}

export interface Synthesised {
  stack: LatchkeyStack;
  template: Template;
}

export async function synth(
  fixtureName: string,
  bundleDirs: Record<LambdaName, string>,
): Promise<Synthesised> {
  const config = await loadConfig(fixture(fixtureName));
  const stack = new LatchkeyStack(new App(), 'LatchkeyTest', { config, bundleDirs });
  return { stack, template: Template.fromStack(stack) };
}

export interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

export const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Every IAM statement in the template, with the logical id of the policy or role that holds it. */
export function statementsOf(template: Template): { holder: string; statement: Statement }[] {
  const found: { holder: string; statement: Statement }[] = [];
  for (const [id, policy] of Object.entries(template.findResources('AWS::IAM::Policy'))) {
    for (const statement of policy.Properties.PolicyDocument.Statement as Statement[]) {
      found.push({ holder: id, statement });
    }
  }
  for (const [id, role] of Object.entries(template.findResources('AWS::IAM::Role'))) {
    for (const inline of (role.Properties.Policies ?? []) as {
      PolicyDocument: { Statement: Statement[] };
    }[]) {
      for (const statement of inline.PolicyDocument.Statement) found.push({ holder: id, statement });
    }
  }
  return found;
}

/** The logical id of the function whose role holds the policy `holder`, e.g. `SlackHandler`. */
export const functionOf = (holder: string) => /^(SlackHandler|Worker|Sweeper)Role/.exec(holder)?.[1];
