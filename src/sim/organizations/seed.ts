// The organisation the Organizations simulator starts from: the `organization:` section of an org file
// such as examples/sandbox/org.yml. Accounts are named in `identityCenter.accounts`; here they are placed
// in organizational units (nested as deep as wanted) or left under the root.

import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';

const accountId = z.string().regex(/^\d{12}$/, 'an account id is twelve digits');
/** Organizations' own patterns for root and OU ids. */
export const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
export const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;

interface UnitInput {
  id: string;
  name: string;
  accounts?: string[];
  units?: UnitInput[];
}

const unit: z.ZodType<UnitInput> = z.lazy(() =>
  z.object({
    id: z.string().regex(OU_ID, 'an OU id is ou-<root>-<8 to 32 letters or digits>'),
    name: z.string().min(1).max(128),
    accounts: z.array(accountId).default([]),
    units: z.array(unit).default([]),
  }),
);

export const organizationSeedSchema = z.object({
  id: z.string().regex(/^o-[a-z0-9]{10,32}$/, 'an organization id is o- and 10 to 32 letters or digits'),
  rootId: z.string().regex(ROOT_ID, 'a root id is r- and 4 to 32 letters or digits'),
  /** The management account; the organization's accounts are those of `identityCenter.accounts`. */
  managementAccount: accountId,
  units: z.array(unit).default([]),
  /** Accounts that are not ACTIVE. */
  suspended: z.array(accountId).default([]),
});

export type OrganizationSeed = z.output<typeof organizationSeedSchema>;
export type OrganizationUnitSeed = UnitInput;

export interface OrganizationWorld {
  organization: OrganizationSeed;
  accounts: { id: string; name: string; email?: string }[];
}

const orgFile = z.object({
  organization: organizationSeedSchema,
  identityCenter: z.object({
    accounts: z.array(z.object({ id: accountId, name: z.string().min(1), email: z.email().optional() })),
  }),
});

/** Reads an org file's `organization:` section with the account names of its `identityCenter:` section. */
export async function loadOrganizationFromOrgFile(path: string): Promise<OrganizationWorld> {
  const document = orgFile.parse(parse(await readFile(path, 'utf8')));
  return { organization: document.organization, accounts: document.identityCenter.accounts };
}
