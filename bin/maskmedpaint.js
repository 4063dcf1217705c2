#!/usr/bin/env node
// Thin launcher for the bundled CLI (built by `npm run build`).
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const bundle = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(bundle)) {
  console.error('maskmedpaint: dist/cli.js is missing; run `npm run build` first.');
  process.exit(2);
}
require(bundle);
