/** Which test files make up each integration session. */
import { defineActivationTests } from './activation.test';

/** Defines the mocha suites of a session ('dev': development folder; 'vsix': installed VSIX). */
export function defineSuites(mode: 'dev' | 'vsix'): void {
  if (mode === 'vsix') {
    return;
  }
  defineActivationTests();
}
