// Entry for @vscode/test-cli (.vscode-test.mjs): its mocha has already set up the tdd globals
// when this file is loaded, so the bundled suite only has to define its tests.
'use strict';
const path = require('node:path');
require(path.join(__dirname, '..', '..', 'dist', 'test', 'integration', 'index.js')).defineSuites(
  'electron',
);
