/**
 * The review panel and the notebook renderer in a real workbench, checked from inside their
 * webview iframes through the Playwright bridge: accept/reject written to the manifest, and the
 * gallery MIME output drawn in an .ipynb. Screenshots go to test-artifacts/.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Manifest } from '../../../src/shared/manifest';
import { clickInWebview, screenshot, waitInWebview } from './bridge';
import { fixtureManifest, inWorkspace, readJson, waitForManifest } from './helpers';
import { SELECTORS } from './selectors';

/** Defines the review panel and notebook renderer tests (need the inpaint tests' manifest). */
export function defineReviewAndNotebookTests(): void {
  suite('review panel and notebook renderer', () => {
    test('accept and reject in the review panel are written to the manifest', async () => {
      const before = await readJson<Manifest>(fixtureManifest());
      const [first, second] = before.items;
      assert.ok(first && second);
      await vscode.commands.executeCommand(
        'maskmedpaint.reviewAugmentations',
        fixtureManifest(),
        first.id,
      );
      await waitInWebview(SELECTORS.reviewAccept);
      await clickInWebview(SELECTORS.reviewAccept);
      const accepted = await waitForManifest<Manifest>(fixtureManifest(), (m) =>
        m.items.some((item) => item.id === first.id && item.status === 'approved'),
      );
      assert.ok(accepted.items.find((item) => item.id === first.id)?.review?.decidedAt);
      await screenshot('review-panel');
      await vscode.commands.executeCommand(
        'maskmedpaint.reviewAugmentations',
        fixtureManifest(),
        second.id,
      );
      await clickInWebview(SELECTORS.reviewReject);
      const rejected = await waitForManifest<Manifest>(fixtureManifest(), (m) =>
        m.items.some((item) => item.id === second.id && item.status === 'rejected'),
      );
      const untouched = rejected.items.filter(
        (item) => item.id !== first.id && item.id !== second.id,
      );
      assert.ok(
        untouched.every((item) => item.status === 'pending'),
        'other items changed',
      );
    });

    test('the review panel draws the exactly kept region and the blend band, with the measurements', async () => {
      const manifest = await readJson<Manifest>(fixtureManifest());
      const item = manifest.items.find((candidate) => candidate.quality?.regions);
      assert.ok(item, 'no item with a region overlay in the run');
      await vscode.commands.executeCommand(
        'maskmedpaint.reviewAugmentations',
        fixtureManifest(),
        item.id,
      );
      const overlay = await waitInWebview(SELECTORS.reviewRegions, 1, true);
      assert.ok(overlay.found, 'no region overlay in the review panel');
      assert.equal(overlay.matches[0]?.loadedImages, 1, 'the region overlay image did not load');
      assert.ok(
        overlay.matches[0]?.imageSources.some((src) => src.includes('regions')),
        "the overlay image is not the run's region overlay",
      );
      const line = await waitInWebview(`${SELECTORS.reviewQuality}:has-text("kept exactly")`);
      assert.ok(line.found, 'no legend and measurements');
      assert.match(line.matches[0]?.text ?? '', /blend band/);
      assert.match(line.matches[0]?.text ?? '', /seam score: \d/);
      await screenshot('review-regions');
    });

    test('the notebook renderer draws the gallery MIME output in an .ipynb', async () => {
      const notebookUri = inWorkspace('notebooks', 'review.ipynb');
      const notebook = {
        cells: [
          {
            cell_type: 'code',
            execution_count: 1,
            metadata: {},
            source: [
              'import maskmedpaint\n',
              'maskmedpaint.show("../data/source-maskmedpaint/maskmedpaint.json")',
            ],
            outputs: [
              {
                output_type: 'display_data',
                metadata: {},
                data: {
                  // Absolute, as the Python toolkit's show() writes it (".." is refused).
                  'application/vnd.maskmedpaint.gallery+json': {
                    manifest: fixtureManifest().fsPath,
                  },
                  'text/plain': ['MaskMedPaint gallery'],
                },
              },
            ],
          },
        ],
        metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
        nbformat: 4,
        nbformat_minor: 5,
      };
      await vscode.workspace.fs.writeFile(
        notebookUri,
        new TextEncoder().encode(JSON.stringify(notebook, null, 1)),
      );
      const document = await vscode.workspace.openNotebookDocument(notebookUri);
      await vscode.window.showNotebookDocument(document);
      const seen = await waitInWebview(SELECTORS.rendererItem, 1, true);
      if (!seen.found) await screenshot('notebook-output-failed');
      assert.ok(seen.found, 'the renderer drew no item');
      assert.ok(
        seen.matches.some((match) => match.loadedImages >= 1),
        'no thumbnail loaded in the notebook output',
      );
      await screenshot('notebook-output');

      // The output's button opens the review panel through renderer messaging.
      const reviewTabs = (): vscode.Tab[] =>
        vscode.window.tabGroups.all
          .flatMap((group) => group.tabs)
          .filter(
            (tab) =>
              tab.input instanceof vscode.TabInputWebview &&
              tab.input.viewType.includes('maskmedpaint.review'),
          );
      await vscode.window.tabGroups.close(reviewTabs());
      assert.equal(reviewTabs().length, 0);
      const opened = new Promise<void>((resolve) => {
        const subscription = vscode.window.tabGroups.onDidChangeTabs(() => {
          if (reviewTabs().length === 0) return;
          subscription.dispose();
          resolve();
        });
      });
      await clickInWebview(SELECTORS.rendererOpenReview);
      await opened;
    });
  });
}
