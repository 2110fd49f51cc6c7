import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GRANT_ID, isGrantId, newGrantId } from '../../src/core/ids.js';

const ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';

describe('Grant ids', () => {
  it('spells one character per random byte, dropping bytes that would favour some characters', () => {
    const sizes: number[] = [];
    const id = newGrantId((size) => {
      sizes.push(size);
      // 255 is past the last whole multiple of the 31-character alphabet, so it is not used.
      return Uint8Array.from([0, 1, 2, 3, 30, 31, 62, 255, 4, 5, 6, 7, 8, 9, 10, 11]);
    });

    expect(sizes).toEqual([16]);
    expect(id).toBe('g-2345z226');
  });

  it('is the same for the same random bytes', () => {
    const bytes = Uint8Array.from([9, 8, 7, 6, 5, 4, 3, 2]);

    expect(newGrantId(() => bytes)).toBe(newGrantId(() => bytes));
  });

  it('every id made is recognised as a grant id, and uses no easily misread character', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 8 }), (bytes) => {
        const id = newGrantId(() => bytes);
        expect(isGrantId(id)).toBe(true);
        expect(GRANT_ID.test(id)).toBe(true);
        expect(id.slice(2)).not.toMatch(/[01oli]/);
      }),
    );
  });

  it('the id pattern accepts exactly the alphabet', () => {
    for (const char of 'abcdefghijklmnopqrstuvwxyz0123456789') {
      expect(isGrantId(`g-${char.repeat(8)}`)).toBe(ALPHABET.includes(char));
    }
  });

  it.each([
    'g-abcdefg',
    'g-abcdefghj',
    'G-abcdefgh',
    'g-ABCDEFGH',
    'x-abcdefgh',
    ' g-abcdefgh',
    'g-abcdefgh ',
  ])('%j is not a grant id', (text) => {
    expect(isGrantId(text)).toBe(false);
  });
});
