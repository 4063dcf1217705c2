/** Which test files make up each integration session (order matters: later suites use earlier outputs). */
import { defineActivationTests } from './activation.test';
import { defineConfigWriterTests } from './configWriter.test';
import { defineInpaintTests } from './inpaint.test';
import { defineGalleryTests } from './galleryView.test';
import { defineVsixTests } from './vsix.test';

/** Defines the mocha suites of a session ('dev': development folder; 'vsix': installed VSIX). */
export function defineSuites(mode: 'dev' | 'vsix'): void {
  if (mode === 'vsix') {
    defineVsixTests();
    return;
  }
  defineActivationTests();
  defineInpaintTests();
  defineConfigWriterTests();
  defineGalleryTests();
}
