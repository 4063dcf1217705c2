// The integration suite under @vscode/test-electron (`npx vscode-test`), for developers whose
// machine can download VS Code. CI uses code-server instead (scripts/test-integration.sh), which
// also runs the webview DOM checks through Playwright. Build first: `node esbuild.mjs`.
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@vscode/test-cli';
import { writeFixtureWorkspace } from './test/integration/lib/fixtures.mjs';

const root = path.dirname(fileURLToPath(import.meta.url));
const workspace = path.join(root, '.vscode-test', 'workspace');
// A fresh fixture workspace per run: the tests write outputs into it.
rmSync(workspace, { recursive: true, force: true });
await writeFixtureWorkspace(workspace);

export default defineConfig({
  label: 'integration',
  files: 'test/integration/electron.cjs',
  version: '1.100.3',
  workspaceFolder: workspace,
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  env: { ORT_DISABLE_TELEMETRY: '1' },
  mocha: { ui: 'tdd', timeout: 120_000 },
});
