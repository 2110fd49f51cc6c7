// Grant ids are short enough to type in Slack (`g-7k2m9q4x`). The alphabet leaves out characters that are
// easy to misread (0/o, 1/l/i), and the random source is passed in so tests can be repeatable.

const ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
export const GRANT_ID = /^g-[2-9a-hjkmnp-z]{8}$/;

export type RandomBytes = (size: number) => Uint8Array;

export function newGrantId(random: RandomBytes): string {
  const bytes = random(8);
  let id = 'g-';
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return id;
}

export function isGrantId(text: string): boolean {
  return GRANT_ID.test(text);
}
