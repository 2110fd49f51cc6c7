// The README's example config, and variants of it for tests of what a broken config reports.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

export const README_CONFIG_FILE = fileURLToPath(new URL('./readme-latchkey.yml', import.meta.url));
export const SANDBOX_CONFIG_FILE = fileURLToPath(
  new URL('../../examples/sandbox/latchkey.yml', import.meta.url),
);

/** The example config exactly as the README prints it. */
export const README_CONFIG = readFileSync(README_CONFIG_FILE, 'utf8');

export type RawSection = Record<string, unknown>;
export interface RawConfigDoc {
  identityCenter: RawSection;
  slack: RawSection;
  defaults: RawSection;
  entitlements: RawSection[];
  [field: string]: unknown;
}

/** The README config as YAML text, after `change` has had its way with the parsed document. */
export function readmeConfigWith(change: (doc: RawConfigDoc) => void): string {
  const doc = parse(README_CONFIG) as RawConfigDoc;
  change(doc);
  return stringify(doc);
}

/** The entitlement at `index` of a parsed document, for changing it. */
export function entitlementAt(doc: RawConfigDoc, index: number): RawSection {
  const item = doc.entitlements[index];
  if (item === undefined) throw new Error(`the example config has no entitlements[${index}]`);
  return item;
}
