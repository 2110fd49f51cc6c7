// A form's `private_metadata`: written by Latchkey as JSON, read back through a schema. Anything else there
// (a form from an older version) reads as nothing, and the caller refuses or falls back.

import type { z } from 'zod';

export function metadataOf<T>(text: string | undefined, schema: z.ZodType<T>): T | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text ?? '');
  } catch {
    // Not JSON: read as nothing, like JSON of the wrong shape below. Nothing is lost; the caller decides.
    return undefined;
  }
  const result = schema.safeParse(parsed);
  return result.success ? result.data : undefined;
}
