/**
 * The gallery in a real workbench, checked from inside its webview iframe through the
 * Playwright bridge: thumbnails of the run, seam scores and the worst-seams-first order, and a
 * forged webview message with a path outside
 * the workspace refused and logged. Screenshots go to test-artifacts/.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Manifest } from '../../../src/shared/manifest';
import { clickInWebview, postFromWebview, quickInput, screenshot, waitInWebview } from './bridge';
import { fixtureManifest, inWorkspace, readJson, workspaceRoot } from './helpers';
import { nextProblem } from './problems';
import { SELECTORS } from './selectors';

/** Defines the gallery tests (need the manifest of the inpaint tests). */
export function defineGalleryTests(): void {
  suite('gallery view', () => {
    test('the gallery shows the run with loaded thumbnails', async () => {
      await vscode.commands.executeCommand('maskmedpaint.openGallery', fixtureManifest());
      const seen = await waitInWebview(SELECTORS.galleryItem, 1, true);
      assert.ok(seen.found, 'no gallery item in any webview');
      const manifest = await readJson<Manifest>(fixtureManifest());
      const ids = new Set(manifest.items.map((item) => item.id));
      for (const match of seen.matches)
        assert.ok(ids.has(match.dataset.itemId ?? ''), `unknown item ${match.dataset.itemId}`);
      const loaded = seen.matches.reduce((sum, match) => sum + match.loadedImages, 0);
      assert.ok(loaded >= 1, 'no thumbnail image loaded in the gallery');
      await screenshot('gallery');
    });

    test('the gallery shows seam scores and sorts the worst seams first', async () => {
      await vscode.commands.executeCommand('maskmedpaint.openGallery', fixtureManifest());
      const manifest = await readJson<Manifest>(fixtureManifest());
      const scored = manifest.items.filter((item) => typeof item.quality?.seam === 'number');
      assert.ok(scored.length > 0, 'the run recorded no seam scores');
      const worst = Math.max(...scored.map((item) => item.quality?.seam ?? 0));
      const scores = await waitInWebview(SELECTORS.gallerySeamScore, 1);
      assert.ok(scores.found, 'no seam score in the gallery');
      const seamOf = new Map(manifest.items.map((item) => [item.id, item.quality?.seam ?? null]));
      await clickInWebview(SELECTORS.gallerySortSeam);
      // The grid redraws on the checkbox's change event; each bridge call polls the frame anew.
      let firstSeam: number | null = null;
      for (let poll = 0; poll < 20 && firstSeam !== worst; poll++) {
        const cells = await waitInWebview(SELECTORS.galleryItem, 1);
        firstSeam = seamOf.get(cells.matches[0]?.dataset.itemId ?? '') ?? null;
      }
      assert.equal(firstSeam, worst, 'the first cell is not the worst seam');
      await screenshot('gallery-sorted-by-seam');
      await clickInWebview(SELECTORS.gallerySortSeam);
    });

    test('a forged gallery message naming a file outside the workspace is refused and logged', async () => {
      const outside = vscode.Uri.joinPath(workspaceRoot(), '..', 'outside', 'secret.png').fsPath;
      const escaping = `${inWorkspace('data').fsPath}/../../outside/secret.png`;
      const refused = nextProblem((line) => line.includes('refused') && line.includes('outside'));
      await postFromWebview(SELECTORS.galleryViewport, {
        type: 'inpaintSelection',
        paths: [outside],
      });
      assert.match(await refused, /refused/);
      const refusedEscape = nextProblem((line) => line.includes('refused'));
      await postFromWebview(SELECTORS.galleryViewport, {
        type: 'inpaintSelection',
        paths: [escaping],
      });
      assert.match(await refusedEscape, /refused/);
      const siblings = await vscode.workspace.fs.readDirectory(
        vscode.Uri.joinPath(workspaceRoot(), '..', 'outside'),
      );
      assert.deepEqual(
        siblings.map(([name]) => name),
        ['secret.png'],
        'something was written beside the outside file',
      );
    });

    test('Open Gallery from the palette asks which run when there are several', async () => {
      const preview = inWorkspace('data', 'source-maskmedpaint-preview', 'maskmedpaint.json');
      const running = Promise.resolve(
        vscode.commands.executeCommand<vscode.Uri | undefined>('maskmedpaint.openGallery'),
      );
      const { rows } = await quickInput('Open Gallery');
      assert.ok(
        rows.some((row) => row.includes('source-maskmedpaint/maskmedpaint.json')),
        rows.join(' | '),
      );
      assert.ok(rows.some((row) => row.includes('source-maskmedpaint-preview/maskmedpaint.json')));
      await quickInput('Open Gallery', { fill: 'source-maskmedpaint-preview', key: 'Enter' });
      assert.equal((await running)?.fsPath, preview.fsPath);
      // The preview run has 4 items, the full run 12: the count tells which one is shown.
      const count = (await readJson<Manifest>(preview)).items.length;
      const seen = await waitInWebview(
        `${SELECTORS.galleryCount}:has-text("${count} of ${count}")`,
      );
      assert.ok(seen.found, 'the gallery did not switch to the chosen run');
    });

    test('a large run is listed at once and its late items get their images', async () => {
      // The fixture run grown to 700 items (its items repeated under new ids) in a sibling
      // folder, so every relative path still resolves: more than the gallery confines before it
      // first shows a run (cachedGalleryItems.ts), so the last items' images arrive as patches.
      const runDir = path.dirname(fixtureManifest().fsPath);
      const largeDir = `${runDir}-large`;
      const run = await readJson<Manifest>(fixtureManifest());
      const done = run.items.filter((item) => item.status !== 'failed');
      const items = Array.from({ length: 700 }, (_, i) => {
        const item = done[i % done.length];
        return { ...item, id: `${item.id}_r${Math.floor(i / done.length)}` };
      });
      // The very last item gets the worst seam, so sorting by seam brings it to the top.
      const last = items[items.length - 1];
      items[items.length - 1] = {
        ...last,
        quality: {
          ...(last.quality ?? { keptExact: 1, ssimTarget: null, ssimSource: null }),
          seam: 999,
        },
      };
      const lastId = items[items.length - 1]?.id ?? '';
      fs.cpSync(runDir, largeDir, { recursive: true });
      try {
        for (const name of fs.readdirSync(largeDir))
          if (name.startsWith('.maskmedpaint'))
            fs.rmSync(path.join(largeDir, name), { force: true });
        fs.writeFileSync(
          path.join(largeDir, 'maskmedpaint.json'),
          JSON.stringify({ ...run, items }, null, 2),
        );
        await vscode.commands.executeCommand(
          'maskmedpaint.openGallery',
          vscode.Uri.file(path.join(largeDir, 'maskmedpaint.json')),
        );
        const listed = await waitInWebview(`${SELECTORS.galleryCount}:has-text("700 of 700")`);
        assert.ok(listed.found, 'the large run is not listed');
        await clickInWebview(SELECTORS.gallerySortSeam);
        const late = await waitInWebview(
          `[data-item-id="${lastId}"] img[data-testid="output-thumbnail"]`,
          1,
          true,
        );
        assert.ok(late.found, 'the last item never got its images');
        assert.ok(
          late.matches.some((match) => match.loadedImages >= 1),
          'its image did not load',
        );
        await screenshot('gallery-large-run');
        await clickInWebview(SELECTORS.gallerySortSeam);
      } finally {
        await vscode.commands.executeCommand('maskmedpaint.openGallery', fixtureManifest());
        fs.rmSync(largeDir, { recursive: true, force: true });
      }
    });
  });
}
