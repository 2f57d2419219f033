import { afterEach } from 'vitest';
import { violations } from './contract.js';

/** A response that breaks the API's contract fails the test that received it (see contract.ts). */
afterEach(() => {
  const seen = violations.splice(0);
  if (seen.length > 0) {
    throw new Error(`Responses that break the API document:\n  ${seen.join('\n  ')}`);
  }
});
