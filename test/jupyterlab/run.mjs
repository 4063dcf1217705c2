// The JupyterLab tier: the renderer extension, installed with the Python package, draws the
// gallery outputs of `maskmedpaint.show()` in a real JupyterLab driven by headless Chromium.
// A real run is made with the CLI (built-in engine, one source that cannot be read), one item is
// rejected and one approved with `maskmedpaint review`, and a notebook with saved outputs is
// written by the Python package (no kernel needed to display them). Screenshots go to
// test-artifacts/screenshots/. Prints one line per check and "N passed, N failed".
// Usage: node test/jupyterlab/run.mjs   (after scripts/build-jupyterlab.sh and installing ./python
// into the venv; MMP_JL_PYTHON names that venv's python, MMP_IT_CHROMIUM the browser)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../integration/lib/browser.mjs';
import { freePort } from '../integration/lib/codeServer.mjs';
import { writeFixtureWorkspace } from '../integration/lib/fixtures.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const python = path.resolve(
  repoRoot,
  process.env.MMP_JL_PYTHON ?? path.join('.venv-jupyterlab', 'bin', 'python'),
);
const jupyter = path.join(path.dirname(python), 'jupyter');
const screenshots = path.join(repoRoot, 'test-artifacts', 'screenshots');
const cli = path.join(repoRoot, 'dist', 'cli.js');
const TOKEN = 'maskmedpaint-jupyterlab-tier';
const RUN = '../runs/demo';
const IMAGES = '../data/target';

const log = (text) => console.log(`[jupyterlab] ${text}`);
const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/** JupyterLab's theme for the next page load (its settings folder is read on each request). */
function setTheme(work, theme) {
  const folder = path.join(work, 'settings', '@jupyterlab', 'apputils-extension');
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'themes.jupyterlab-settings'), JSON.stringify({ theme }));
}

/** axe-core's colour-contrast violations (WCAG AA) inside `locator`'s element. */
async function contrastViolations(page, locator) {
  await page.evaluate(axeSource);
  const handle = await locator.elementHandle();
  const results = await page.evaluate(
    (element) => window.axe.run(element, { runOnly: { type: 'rule', values: ['color-contrast'] } }),
    handle,
  );
  return results.violations.flatMap((rule) =>
    rule.nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`),
  );
}

/** The run the notebook shows: the CLI on the fixture, with one unreadable source. */
function makeRun(root) {
  writeFileSync(path.join(root, 'data', 'source', 'benign', 'broken.png'), 'not an image');
  try {
    execFileSync(
      process.execPath,
      [
        cli,
        'augment',
        '--source',
        'data/source',
        '--masks',
        'data/masks',
        '--target',
        'data/target',
        '--out',
        'runs/demo',
        '--seed',
        '7',
      ],
      { cwd: root, stdio: 'pipe' },
    );
  } catch (error) {
    // Exit status 1: some items failed (the unreadable source), which this tier wants.
    if (error.status !== 1) throw error;
  }
  const manifest = JSON.parse(
    readFileSync(path.join(root, 'runs', 'demo', 'maskmedpaint.json'), 'utf8'),
  );
  const done = manifest.items.filter((item) => item.status !== 'failed');
  const failed = manifest.items.filter((item) => item.status === 'failed');
  if (done.length < 3 || failed.length === 0)
    throw new Error(`the fixture run made ${done.length} images and ${failed.length} failures`);
  const [rejected, approved] = done;
  const review = (flag, id) =>
    execFileSync(process.execPath, [cli, 'review', 'runs/demo', flag, id], {
      cwd: root,
      stdio: 'pipe',
    });
  review('--reject', rejected.id);
  review('--approve', approved.id);
  return {
    total: manifest.items.length,
    rejected: rejected.id,
    approved: approved.id,
    failed: failed[0],
  };
}

async function startJupyterLab(work, root) {
  const port = await freePort();
  // JupyterLab's news and update checks would ask the internet and pop up a notification.
  const settings = path.join(work, 'settings', '@jupyterlab', 'apputils-extension');
  mkdirSync(settings, { recursive: true });
  writeFileSync(
    path.join(settings, 'notification.jupyterlab-settings'),
    JSON.stringify({ fetchNews: 'false', checkForUpdates: false }),
  );
  const env = {
    ...process.env,
    JUPYTER_CONFIG_DIR: path.join(work, 'config'),
    JUPYTER_RUNTIME_DIR: path.join(work, 'runtime'),
    JUPYTERLAB_SETTINGS_DIR: path.join(work, 'settings'),
    JUPYTERLAB_WORKSPACES_DIR: path.join(work, 'workspaces'),
  };
  const server = spawn(
    jupyter,
    [
      'lab',
      '--no-browser',
      '--ServerApp.ip=127.0.0.1',
      `--ServerApp.port=${port}`,
      '--ServerApp.port_retries=0',
      `--IdentityProvider.token=${TOKEN}`,
      `--ServerApp.root_dir=${root}`,
      '--allow-root',
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  server.stdout.on('data', (chunk) => (output += chunk));
  server.stderr.on('data', (chunk) => (output += chunk));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`jupyter lab exited:\n${output}`);
    try {
      const response = await fetch(`${base}/api/status?token=${TOKEN}`);
      if (response.ok) return { server, base, output: () => output };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  server.kill();
  throw new Error(`jupyter lab did not answer within 120 s:\n${output}`);
}

const results = { passed: 0, failed: 0 };
async function check(name, body) {
  try {
    await body();
    results.passed += 1;
    console.log(`  ✔ ${name}`);
  } catch (error) {
    results.failed += 1;
    console.log(
      `  ✘ ${name}\n    ${String(error?.stack ?? error)
        .split('\n')
        .join('\n    ')}`,
    );
  }
}
function assert(condition, message) {
  if (!condition) throw new Error(message);
}

async function main() {
  mkdirSync(path.join(repoRoot, 'test-artifacts'), { recursive: true });
  const work = mkdtempSync(path.join(repoRoot, 'test-artifacts', 'jupyterlab-'));
  const root = path.join(work, 'root');
  mkdirSync(root);
  await writeFixtureWorkspace(root);
  const run = makeRun(root);
  const notebooks = path.join(root, 'notebooks');
  mkdirSync(notebooks);
  execFileSync(
    python,
    [path.join(repoRoot, 'test', 'jupyterlab', 'make_notebook.py'), 'gallery.ipynb', RUN, IMAGES],
    {
      cwd: notebooks,
      stdio: 'pipe',
    },
  );
  log(`run with ${run.total} items; rejected ${run.rejected}, approved ${run.approved}`);

  await check('the renderer extension is installed with the Python package', () => {
    // `labextension list` writes its listing to stderr.
    const listed = spawnSync(jupyter, ['labextension', 'list'], { encoding: 'utf8' });
    // eslint-disable-next-line no-control-regex
    const listing = `${listed.stdout}${listed.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
    const line = listing.split('\n').find((l) => l.includes('maskmedpaint-jupyterlab'));
    assert(
      line && /enabled\s+OK\s+\(python, maskmedpaint\)/.test(line),
      `not listed as enabled:\n${listing}`,
    );
  });

  const lab = await startJupyterLab(work, root);
  const browser = await launchChromium();
  try {
    const page = await (
      await browser.newContext({ viewport: { width: 1400, height: 1000 } })
    ).newPage();
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.goto(`${lab.base}/lab/tree/notebooks/gallery.ipynb?token=${TOKEN}`);
    const cells = page.locator('.jp-Notebook .jp-CodeCell');
    const cell = (index) => cells.nth(index);
    await cell(3).waitFor({ timeout: 120_000 });
    const gallery = (index) => cell(index).locator('[data-testid="maskmedpaint-renderer"]');
    const items = (index) => gallery(index).locator('[data-testid="renderer-item"]');

    await check(
      'saved gallery outputs are drawn by the MaskMedPaint renderer, not the HTML fallback',
      async () => {
        for (const index of [0, 1, 2, 3]) await gallery(index).waitFor({ timeout: 60_000 });
        assert(
          (await page.locator('.maskmedpaint-gallery').count()) === 0,
          'the HTML fallback is shown',
        );
      },
    );

    await check(
      'the run gallery shows one page with before, mask overlay and after, and "Show more" adds the next',
      async () => {
        await items(0).first().waitFor({ timeout: 60_000 });
        assert(
          (await items(0).count()) === 4,
          `first page has ${await items(0).count()} items, not 4`,
        );
        const count = await gallery(0).locator('[data-testid="renderer-count"]').textContent();
        assert(count?.includes(`4 of ${run.total} item(s)`), `count reads "${count}"`);
        const first = items(0).first();
        for (const testid of ['thumbnail', 'output-thumbnail']) {
          const image = first.locator(`img[data-testid="${testid}"]`);
          const drawn = await image.evaluate(
            (img) => img.complete && img.naturalWidth > 0 && img.src.startsWith('data:image/png'),
          );
          assert(drawn, `${testid} is not a drawn PNG thumbnail`);
        }
        assert(
          (await first.locator('[data-testid="mask-overlay"]').count()) === 1,
          'no mask overlay',
        );
        await gallery(0).locator('[data-testid="renderer-more"]').click();
        const expected = Math.min(8, run.total);
        await page.waitForFunction(
          ([el, n]) => el.querySelectorAll('[data-testid="renderer-item"]').length === n,
          [await gallery(0).elementHandle(), expected],
          { timeout: 30_000 },
        );
      },
    );

    await check('a rejection recorded with `maskmedpaint review` shows as rejected', async () => {
      const card = gallery(0).locator(`[data-item-id="${run.rejected}"]`);
      const text = await card.locator('.mmp-meta').textContent();
      assert(text?.includes('rejected'), `the rejected item reads "${text}"`);
    });

    await check(
      'usable_only shows exactly the approved image: not the rejected, pending or failed ones',
      async () => {
        await items(1).first().waitFor({ timeout: 60_000 });
        const ids = await items(1).evaluateAll((cards) =>
          cards.map((c) => c.getAttribute('data-item-id')),
        );
        assert(
          JSON.stringify(ids) === JSON.stringify([run.approved]),
          `usable items: ${JSON.stringify(ids)}`,
        );
      },
    );

    await check('a failed source shows its error and no images', async () => {
      const shown = gallery(0).locator(`[data-item-id="${run.failed.id}"]`);
      if ((await shown.count()) === 0) {
        // Beyond the pages drawn so far: load until it appears.
        while (
          (await gallery(0).locator('[data-testid="renderer-more"]').count()) > 0 &&
          (await shown.count()) === 0
        ) {
          const before = await items(0).count();
          await gallery(0).locator('[data-testid="renderer-more"]').click();
          await page.waitForFunction(
            ([el, n]) => el.querySelectorAll('[data-testid="renderer-item"]').length > n,
            [await gallery(0).elementHandle(), before],
            { timeout: 30_000 },
          );
        }
      }
      const text = await shown.locator('.mmp-meta').textContent();
      assert(
        text?.includes('failed') && text.includes(run.failed.error.slice(0, 20)),
        `the failed item reads "${text}"`,
      );
      assert((await shown.locator('img').count()) === 0, 'a failed item shows images');
    });

    await check(
      'a folder of images (inline items, paths relative to the notebook) is drawn',
      async () => {
        await items(2).first().waitFor({ timeout: 60_000 });
        assert((await items(2).count()) === 3, `${await items(2).count()} target images shown`);
        const drawn = await items(2)
          .locator('img[data-testid="thumbnail"]')
          .evaluateAll((imgs) => imgs.filter((img) => img.complete && img.naturalWidth > 0).length);
        assert(drawn === 3, `${drawn} of 3 thumbnails drawn`);
      },
    );

    await check('a manifest outside the server root is refused with the reason', async () => {
      const error = gallery(3).locator('[data-testid="renderer-error"]');
      await error.waitFor({ timeout: 30_000 });
      const text = await error.textContent();
      assert(text?.includes("outside the Jupyter server's root"), `error reads "${text}"`);
    });

    await check(
      'light theme: gallery text passes WCAG AA colour contrast; screenshots saved',
      async () => {
        mkdirSync(screenshots, { recursive: true });
        const whole = path.join(screenshots, 'jupyterlab-notebook-light.png');
        const output = path.join(screenshots, 'jupyterlab-gallery-light.png');
        await page.screenshot({ path: whole });
        await cell(0).locator('.jp-OutputArea').screenshot({ path: output });
        for (const file of [whole, output])
          assert(statSync(file).size > 10_000, `${file} is nearly empty`);
        const violations = await contrastViolations(page, gallery(0));
        assert(violations.length === 0, violations.join('\n'));
      },
    );

    await check(
      'dark theme: gallery text passes WCAG AA colour contrast; screenshot saved',
      async () => {
        setTheme(work, 'JupyterLab Dark');
        await page.reload();
        await page.waitForFunction(() => document.body.dataset.jpThemeLight === 'false', null, {
          timeout: 60_000,
        });
        await items(0).first().waitFor({ timeout: 60_000 });
        await items(0)
          .first()
          .locator('img[data-testid="output-thumbnail"]')
          .waitFor({ timeout: 30_000 });
        const output = path.join(screenshots, 'jupyterlab-gallery-dark.png');
        await cell(0).locator('.jp-OutputArea').screenshot({ path: output });
        assert(statSync(output).size > 10_000, `${output} is nearly empty`);
        const violations = await contrastViolations(page, gallery(0));
        assert(violations.length === 0, violations.join('\n'));
      },
    );

    await check('the page logged no uncaught errors', () => {
      assert(pageErrors.length === 0, pageErrors.join('\n'));
    });
  } finally {
    await browser.close();
    lab.server.kill();
    rmSync(work, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (error) {
  results.failed += 1;
  console.log(`  ✘ the JupyterLab tier could not run: ${error?.stack ?? error}`);
}
console.log(`${results.passed} passed, ${results.failed} failed`);
process.exit(results.failed === 0 ? 0 : 1);
