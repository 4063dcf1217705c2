/** Which test files make up each integration session (order matters: later suites use earlier outputs). */
import { defineActivationTests } from './activation.test';
import { defineCheckModelTests, defineCheckModelUntrustedTests } from './checkModel.test';
import { defineClusterTests } from './cluster.test';
import { defineConfigWriterTests } from './configWriter.test';
import { defineConfigWriterExplorerTests } from './configWriterExplorer.test';
import { defineConfinedWriteTests } from './confinedWrites.test';
import { defineDicomDisplayTests } from './dicomDisplay.test';
import { defineFineTuneTests } from './fineTune.test';
import { defineInpaintTests } from './inpaint.test';
import { defineJobUiTests } from './jobUi.test';
import { defineKeyboardWalkthroughTests } from './keyboardWalkthrough.test';
import { defineGalleryTests } from './galleryView.test';
import { definePredictionsTests } from './predictions.test';
import { defineRerunTests } from './rerun.test';
import { defineReviewAndNotebookTests } from './reviewNotebook.test';
import { defineSetUpGpuTests } from './setUpGpu.test';
import { defineThemeTests } from './themes.test';
import { defineUntrustedTests } from './untrusted.test';
import { defineVsixTests } from './vsix.test';
import { defineWizardTests } from './wizard.test';

/**
 * Defines the mocha suites of a session. 'dev': the development folder in code-server with the
 * Playwright bridge; 'vsix': the installed VSIX; 'untrusted': a code-server session in
 * restricted mode; 'electron': @vscode/test-electron for
 * developers with internet (no Playwright bridge, so the webview DOM checks run only in 'dev').
 */
export function defineSuites(mode: 'dev' | 'vsix' | 'untrusted' | 'electron'): void {
  if (mode === 'vsix') {
    defineVsixTests();
    return;
  }
  if (mode === 'untrusted') {
    defineUntrustedTests();
    defineCheckModelUntrustedTests();
    return;
  }
  defineActivationTests();
  defineInpaintTests();
  defineConfigWriterTests();
  defineConfinedWriteTests();
  if (mode === 'dev') {
    defineJobUiTests();
    defineGalleryTests();
    defineReviewAndNotebookTests();
    defineRerunTests();
    definePredictionsTests();
    defineConfigWriterExplorerTests();
    defineKeyboardWalkthroughTests();
    defineThemeTests();
    defineWizardTests();
    defineFineTuneTests();
    defineCheckModelTests();
    defineDicomDisplayTests();
    defineClusterTests();
    defineSetUpGpuTests();
  }
}
