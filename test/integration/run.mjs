// Integration test runner: real VS Code (code-server) + headless Chromium (playwright-core).
// For each session it builds a throwaway sandbox (profile, extensions, fixture workspace), starts
// code-server, opens the workbench with the extension-test payload so the mocha suite
// (dist/test/integration/index.js) runs inside the real extension host, serves the Playwright
// bridge the suite uses to check webview DOMs and take screenshots, and collects the results.
//
// Usage: node test/integration/run.mjs [--vsix FILE] [--keep]
//   without --vsix: the suite against the development folder (this repository);
//   with --vsix:    additionally installs FILE into code-server and runs the VSIX suite.
// Prints a final line "N passed, N failed"; exit status 0 only when nothing failed.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBridge, watchConsole } from './lib/bridge.mjs';
import { launchChromium } from './lib/browser.mjs';
import { installExtension, sandboxEnv, startCodeServer } from './lib/codeServer.mjs';
import { writeFixtureWorkspace } from './lib/fixtures.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const artifactsDir = path.join(repoRoot, 'test-artifacts');
const suiteBundle = path.join(repoRoot, 'dist', 'test', 'integration', 'index.js');
const vsixHostDir = path.join(repoRoot, 'test', 'integration', 'vsixHost');
const SESSION_LIMIT_MS = Number(process.env.MMP_IT_SESSION_LIMIT_MS ?? 8 * 60 * 1000);

const args = process.argv.slice(2);
const vsixIndex = args.indexOf('--vsix');
const vsix = vsixIndex >= 0 ? path.resolve(args[vsixIndex + 1]) : undefined;
const keep = args.includes('--keep');
const verbose = process.env.MMP_IT_VERBOSE === '1';

function log(line) {
  process.stdout.write(`[it] ${line.endsWith('\n') ? line : `${line}\n`}`);
}

/** Workspace settings a hostile repository might ship: they must be ignored while untrusted. */
function writeUntrustedWorkspaceSettings(workspace) {
  const file = path.join(workspace, '.vscode', 'settings.json');
  const settings = JSON.parse(readFileSync(file, 'utf8'));
  settings['maskmedpaint.modelFolders'] = [path.join(workspace, 'models', 'planted')];
  settings['maskmedpaint.pythonPath'] = path.join(workspace, 'planted-python');
  writeFileSync(file, JSON.stringify(settings, null, 2));
}

/** Offline-friendly user settings: no marketplace queries, no recommendations, no tours. */
function writeUserSettings(userDataDir, trusted) {
  const dir = path.join(userDataDir, 'User');
  mkdirSync(dir, { recursive: true });
  const settings = {
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'update.mode': 'none',
    // A fixed theme (code-server's default): the theme tests switch to the light one and back.
    'workbench.colorTheme': 'Default Dark Modern',
    // Untrusted session: open the fixture folder in restricted mode without the modal prompt.
    ...(trusted
      ? {}
      : {
          'security.workspace.trust.enabled': true,
          'security.workspace.trust.startupPrompt': 'never',
        }),
  };
  writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(settings, null, 2));
}

/** One code-server + browser session running the suite in `mode` ('dev', 'untrusted' or 'vsix'). */
async function runSession(mode) {
  const sandbox = mkdtempSync(path.join(tmpdir(), `mmp-it-${mode}-`));
  const workspace = path.join(sandbox, 'workspace');
  const extensionsDir = path.join(sandbox, 'extensions');
  const userDataDir = path.join(sandbox, 'user-data');
  const resultsFile = path.join(sandbox, 'results.json');
  let page;
  const bridge = await startBridge(() => page, artifactsDir, verbose ? log : undefined);
  const env = sandboxEnv(sandbox, {
    MMP_IT_SUITE: mode,
    MMP_IT_BRIDGE: bridge.url,
    MMP_IT_RESULTS: resultsFile,
    MMP_IT_ARTIFACTS: artifactsDir,
    MMP_IT_REPO: repoRoot,
    // The suites describe a machine without a GPU. The WebGPU tier's lavapipe (a Vulkan driver on
    // the CPU) may be installed here; hiding Vulkan drivers keeps WebGPU unavailable in the sessions.
    VK_DRIVER_FILES: path.join(sandbox, 'no-vulkan-driver.json'),
    VK_ICD_FILENAMES: path.join(sandbox, 'no-vulkan-driver.json'),
  });
  await writeFixtureWorkspace(workspace);
  const trusted = mode !== 'untrusted';
  writeUserSettings(userDataDir, trusted);
  if (!trusted) writeUntrustedWorkspaceSettings(workspace);
  if (mode === 'vsix') {
    log(`installing ${path.basename(vsix)} into code-server`);
    await installExtension(repoRoot, vsix, { extensionsDir, userDataDir, env });
  }
  const server = await startCodeServer(repoRoot, {
    workspace,
    extensionsDir,
    userDataDir,
    env,
    trusted,
    log: verbose ? (t) => log(`code-server: ${t.trimEnd()}`) : undefined,
  });
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    // code-server registers a service worker of its own for installing it as an app, scoped to
    // the whole site, so it also claims webview frames: they log "Found unexpected service worker
    // controller" and wait for their own worker's handshake before they load their page. A review
    // panel whose frame never loaded its page failed the review tests in 3 of 13 full runs.
    // VS Code itself (desktop or vscode.dev) has no such worker, so the tests run without it.
    await context.route('**/_static/out/browser/serviceWorker.js', (route) => route.abort());
    page = await context.newPage();
    watchConsole(page);
    let resolveExit;
    const exited = new Promise((resolve) => (resolveExit = resolve));
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
    await page.exposeFunction('codeAutomationLog', (type, message) => {
      const text = typeof message === 'string' ? message : JSON.stringify(message);
      // The workbench asks the (unreachable) extension marketplace for recommendations: harmless offline.
      const offlineNoise = text.includes('ENOTFOUND');
      // code-server's own service worker is not served to the tests (see the route above).
      const blockedWorker = text.includes('[Service Worker] registration');
      if (verbose || (type === 'error' && !offlineNoise && !blockedWorker))
        log(
          `workbench ${type}: ${typeof message === 'string' ? message : JSON.stringify(message)}`,
        );
    });
    const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const developmentPath = mode === 'vsix' ? vsixHostDir : repoRoot;
    const payload = [
      ['extensionDevelopmentPath', remote(developmentPath)],
      ['extensionTestsPath', remote(suiteBundle)],
    ];
    const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    log(`${mode}: opening the workbench`);
    await page.goto(url);
    const limit = new Promise((resolve) =>
      setTimeout(() => resolve('timeout'), SESSION_LIMIT_MS).unref(),
    );
    const code = await Promise.race([exited, limit]);
    if (code === 'timeout') {
      await page
        .screenshot({ path: path.join(artifactsDir, `${mode}-timeout.png`) })
        .catch(() => undefined);
      log(`${mode}: the suite did not finish within ${SESSION_LIMIT_MS / 1000} s`);
    }
    const results = existsSync(resultsFile)
      ? JSON.parse(readFileSync(resultsFile, 'utf8'))
      : {
          passed: 0,
          failed: 1,
          failures: [{ title: `${mode} suite`, error: `no results (exit ${String(code)})` }],
        };
    return results;
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
    await bridge.close();
    if (!keep) rmSync(sandbox, { recursive: true, force: true });
    else log(`kept sandbox ${sandbox}`);
  }
}

if (!existsSync(suiteBundle)) {
  console.error(`run.mjs: ${suiteBundle} is missing; run \`node esbuild.mjs\` first`);
  process.exit(2);
}
const started = Date.now();
const modes = vsix ? ['dev', 'untrusted', 'vsix'] : ['dev', 'untrusted'];
let passed = 0;
let failed = 0;
for (const mode of modes) {
  let results;
  try {
    results = await runSession(mode);
  } catch (error) {
    results = {
      passed: 0,
      failed: 1,
      failures: [{ title: `${mode} session`, error: String(error?.stack ?? error) }],
    };
  }
  passed += results.passed;
  failed += results.failed;
  for (const failure of results.failures ?? [])
    log(`FAILED (${mode}) ${failure.title}\n${failure.error}`);
  log(`${mode}: ${results.passed} passed, ${results.failed} failed`);
}
log(`total time ${Math.round((Date.now() - started) / 1000)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
