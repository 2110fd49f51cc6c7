// Catching a typed error so a test can look at what it carries.

import { expect } from 'vitest';
import type { LatchkeyError } from '../../src/core/errors.js';
import { wordingOf } from '../../src/slack/error-text.js';

type ErrorClass<E extends Error> = abstract new (...args: never[]) => E;

/** Runs `act`, expects it to throw an instance of `type`, and returns the error. */
export function thrownBy<E extends Error>(act: () => unknown, type: ErrorClass<E>): E {
  let caught: unknown;
  try {
    act();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(type);
  return caught as E;
}

/** What a person reads in Slack about the error (without the leading emoji). */
export function saidOf(error: LatchkeyError): string {
  return wordingOf(error).text;
}
