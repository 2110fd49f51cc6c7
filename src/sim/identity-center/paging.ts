// Paging as the AWS list operations do it: at most MaxResults items, and an opaque NextToken that is
// only valid for the listing it came from.

import { AwsError } from './aws-error.js';

export interface PageRequest {
  MaxResults?: number | undefined;
  NextToken?: string | undefined;
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/**
 * One page of `all`. `listing` names the query (operation and filters) so a token from one listing is
 * refused by another, as AWS refuses it.
 */
export function page<T>(all: T[], request: PageRequest, listing: string, defaultSize: number): Page<T> {
  const size = Math.max(1, Math.min(request.MaxResults ?? defaultSize, defaultSize));
  const start = request.NextToken === undefined ? 0 : offsetOf(request.NextToken, listing);
  const items = all.slice(start, start + size);
  const next = start + size;
  return next < all.length ? { items, nextToken: tokenFor(listing, next) } : { items };
}

function tokenFor(listing: string, offset: number): string {
  return Buffer.from(JSON.stringify({ l: listing, o: offset })).toString('base64url');
}

function offsetOf(token: string, listing: string): number {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      'l' in parsed &&
      'o' in parsed &&
      parsed.l === listing &&
      typeof parsed.o === 'number' &&
      Number.isInteger(parsed.o) &&
      parsed.o >= 0
    ) {
      return parsed.o;
    }
  } catch {
    // falls through to the error AWS gives for a token it did not issue
  }
  throw new AwsError('ValidationException', 'The NextToken is invalid or has expired.');
}
