// Deterministic identifiers in the shapes Identity Center uses, so a seeded simulator gives the same ids
// on every start and tests can name them.

import { createHash } from 'node:crypto';

function digest(seed: string): string {
  return createHash('sha256').update(seed).digest('hex');
}

/** A version-4-shaped UUID derived from `seed`. */
export function uuidFrom(seed: string): string {
  const h = digest(seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Identity store ids carry the store's ten hex digits as a prefix (`9067642ac7-…`). */
function storePrefix(identityStoreId: string): string {
  return identityStoreId.replace(/^d-/, '');
}

export function userIdFor(identityStoreId: string, userName: string): string {
  return `${storePrefix(identityStoreId)}-${uuidFrom(`user#${identityStoreId}#${userName}`)}`;
}

export function groupIdFor(identityStoreId: string, displayName: string): string {
  return `${storePrefix(identityStoreId)}-${uuidFrom(`group#${identityStoreId}#${displayName}`)}`;
}

export function membershipIdFor(identityStoreId: string, sequence: number): string {
  return `${storePrefix(identityStoreId)}-${uuidFrom(`membership#${identityStoreId}#${sequence}`)}`;
}

export function permissionSetArnFor(instanceArn: string, name: string): string {
  const instanceId = instanceArn.slice(instanceArn.lastIndexOf('/') + 1);
  return `arn:aws:sso:::permissionSet/${instanceId}/ps-${digest(`ps#${instanceArn}#${name}`).slice(0, 16)}`;
}

export function requestIdFor(kind: string, sequence: number): string {
  return uuidFrom(`${kind}#${sequence}`);
}
