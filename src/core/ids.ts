// Grant ids are short enough to type in Slack (`g-7k2m9q4x`). The alphabet leaves out characters that are
// easy to misread (0/o, 1/l/i), and the random source is passed in so tests can be repeatable.

const ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
export const GRANT_ID = /^g-[2-9a-hjkmnp-z]{8}$/;

export type RandomBytes = (size: number) => Uint8Array;

/** The largest multiple of the alphabet's size below 256: bytes above it are dropped, so no letter is favoured. */
const UNBIASED_LIMIT = 256 - (256 % ALPHABET.length);

export function newGrantId(random: RandomBytes): string {
  let id = 'g-';
  while (id.length < 10) {
    for (const byte of random(16)) {
      if (byte < UNBIASED_LIMIT && id.length < 10) id += ALPHABET[byte % ALPHABET.length];
    }
  }
  return id;
}

export function isGrantId(text: string): boolean {
  return GRANT_ID.test(text);
}

/** A reference to one logged error (`e-7k2m9q4x`): said in Slack, it finds the full error in the logs. */
export function newErrorRef(random: RandomBytes): string {
  return `e-${newGrantId(random).slice(2)}`;
}
