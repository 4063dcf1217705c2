/**
 * The JupyterLab renderer's resolver on the shared review fixture, with a fake Jupyter server
 * that serves a temporary folder: the same statuses and usable images as every other reader
 * (the decisions journal folded in), the shared page rules, and images asked for only where the
 * manifest records their folders.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseGalleryPayload, type GalleryPayload } from '../../../src/shared/rendererProtocol';
import { resolveInBrowser } from '../../../src/jupyterlab/browserResolve';
import type { ServerFiles } from '../../../src/jupyterlab/serverFiles';
import { buildReviewCaseRun, expectedUsable, REVIEW_CASES } from '../helpers/reviewCases';
import { freshTempDirs } from '../helpers/tempDir';

const fresh = freshTempDirs('jupyterlab-resolve');

/** A Jupyter server rooted at `root`; `asked` records the images thumbnails were made of. */
function fakeServer(root: string, notebookDir = ''): ServerFiles & { asked: string[] } {
  const asked: string[] = [];
  return {
    notebookDir,
    serverRoot: root,
    asked,
    readText: async (serverPath) => {
      try {
        return await fs.readFile(path.join(root, serverPath), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    thumbnail: (serverPath) => {
      asked.push(serverPath);
      return Promise.resolve(`data:image/png;base64,${Buffer.from(serverPath).toString('base64')}`);
    },
  };
}

function payload(raw: unknown): GalleryPayload {
  const parsed = parseGalleryPayload(raw);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
  return parsed.payload;
}

test('statuses fold the decisions journal in, as every reader does', async () => {
  const root = fresh();
  await buildReviewCaseRun(root, true);
  const page = await resolveInBrowser(
    payload({ manifest: 'run/maskmedpaint.json', filter: { limit: 50 } }),
    fakeServer(root),
  );
  assert.equal(page.error, null);
  assert.deepEqual(
    Object.fromEntries(page.items.map((item) => [item.id, item.status])),
    REVIEW_CASES.expected.statuses,
  );
});

for (const requireReview of [true, false]) {
  test(`filter.usable shows the usable images (requireReview: ${String(requireReview)})`, async () => {
    const root = fresh();
    await buildReviewCaseRun(root, requireReview);
    const page = await resolveInBrowser(
      payload({ manifest: '../run/maskmedpaint.json', filter: { usable: true } }),
      fakeServer(root, 'notebooks'),
    );
    assert.equal(page.error, null);
    assert.deepEqual(
      page.items.map((item) => item.id),
      expectedUsable(requireReview),
    );
  });
}

test('pages follow the shared page rule and report the total', async () => {
  const root = fresh();
  await buildReviewCaseRun(root, true);
  const all = REVIEW_CASES.items.map((item) => item.id);
  const page = await resolveInBrowser(
    payload({ manifest: 'run/maskmedpaint.json', filter: { limit: 2 } }),
    fakeServer(root),
    2,
  );
  assert.deepEqual(
    page.items.map((item) => item.id),
    all.slice(2, 4),
  );
  assert.equal(page.total, all.length);
  assert.equal(page.offset, 2);
});

test('thumbnails are made only of files in the folders the manifest records for them', async () => {
  const root = fresh();
  const manifestPath = await buildReviewCaseRun(root, false);
  const manifest = JSON.parse(await fs.readFile(manifestPath, 'utf8')) as {
    items: { source: string; output: string | null; mask: string | null }[];
  };
  const [first, second, third] = manifest.items;
  assert.ok(first && second && third);
  first.output = '../source/benign/approved.png'; // an output outside the run folder
  second.source = '../../../etc/passwd'; // above the server root
  third.mask = '../source/benign/approved.png'; // a mask outside the masks and run folders
  await fs.writeFile(manifestPath, JSON.stringify(manifest));
  const server = fakeServer(root);
  const page = await resolveInBrowser(
    payload({ manifest: 'run/maskmedpaint.json', filter: { limit: 3 } }),
    server,
  );
  assert.equal(page.error, null);
  const [a, b, c] = page.items;
  assert.ok(a && b && c);
  assert.equal(a.outputThumb, null);
  assert.notEqual(a.sourceThumb, null);
  assert.equal(b.sourceThumb, null);
  assert.notEqual(b.outputThumb, null);
  assert.equal(c.maskThumb, null);
  assert.ok(server.asked.every((p) => p.startsWith('run/images/') || p.startsWith('source/')));
  // Asked once, as the first item's source; never as its output or the third item's mask.
  assert.equal(server.asked.filter((p) => p === 'source/benign/approved.png').length, 1);
});

test('a manifest outside the server root, missing or invalid is refused with the reason', async () => {
  const root = fresh();
  await fs.mkdir(path.join(root, 'run'), { recursive: true });
  await fs.writeFile(path.join(root, 'run', 'broken.json'), '{"schemaVersion": 1');
  await fs.writeFile(path.join(root, 'run', 'wrong.json'), '{"schemaVersion": 1}');
  const server = fakeServer(root, 'notebooks');
  const error = async (manifest: string): Promise<string | null> =>
    (await resolveInBrowser(payload({ manifest }), server)).error;
  assert.match((await error('../../outside/maskmedpaint.json')) ?? '', /outside the Jupyter/);
  assert.match((await error('/elsewhere/maskmedpaint.json')) ?? '', /outside the Jupyter/);
  assert.match((await error('../run/missing.json')) ?? '', /no manifest at run\/missing\.json/);
  assert.match((await error('../run/broken.json')) ?? '', /run\/broken\.json is not valid JSON/);
  assert.match((await error('../run/wrong.json')) ?? '', /invalid manifest run\/wrong\.json: /);
});

test('inline items resolve relative to the notebook, or absolute under the server root', async () => {
  const root = fresh();
  const server = fakeServer(root, 'notebooks');
  const page = await resolveInBrowser(
    payload({
      items: [
        { source: '../data/a.png' },
        { source: path.join(root, 'data', 'b.png'), label: 'benign', id: 'b' },
        { source: '/etc/c.png' },
      ],
    }),
    server,
  );
  assert.deepEqual(
    page.items.map((item) => [item.id, item.label, item.sourceThumb !== null]),
    [
      ['item 1', '', true],
      ['b', 'benign', true],
      ['item 3', '', false],
    ],
  );
  assert.deepEqual(server.asked, ['data/a.png', 'data/b.png']);
});
