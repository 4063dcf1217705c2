/**
 * The review panel and the notebook renderer in a real workbench, checked from inside their
 * webview iframes through the Playwright bridge: accept/reject recorded with the reviewer and
 * written to the manifest and CSV files, a decision made while a job holds the run folder kept
 * and shown at once, and the gallery MIME output drawn in an .ipynb. Screenshots go to
 * test-artifacts/.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { compactIfJournalGrew, journalSize } from '../../../src/core/jobs/compactDecisions';
import { readDecisions } from '../../../src/core/jobs/decisionJournal';
import { RunLock } from '../../../src/core/jobs/runLock';
import type { Manifest } from '../../../src/shared/manifest';
import { clickInWebview, screenshot, waitInWebview } from './bridge';
import { fixtureManifest, inWorkspace, readJson, waitForManifest } from './helpers';
import { SELECTORS } from './selectors';

/** Defines the review panel and notebook renderer tests (need the inpaint tests' manifest). */
export function defineReviewAndNotebookTests(): void {
  suite('review panel and notebook renderer', () => {
    suiteSetup(async () => {
      // code-server serves every webview from one origin, so all webviews share one service
      // worker scope: each new webview registers its worker over the last one's, and a review
      // panel was seen controlled by the gallery's worker with its own left waiting, its page
      // never loaded (docs/architecture.md). The gallery suite just before this one leaves its
      // view open and loading thumbnails; closing it first leaves the review panel's worker alone.
      // Desktop VS Code gives every webview an origin of its own, so this is the test setup only.
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
    });

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
      // Each decision names who made it and the image it was made on.
      const reviewer = /^(os|github|microsoft):.+/;
      for (const item of [first, second]) {
        const decided = rejected.items.find((candidate) => candidate.id === item.id);
        assert.match(decided?.review?.decidedBy ?? '', reviewer);
      }
      const { decisions } = await readDecisions(path.dirname(fixtureManifest().fsPath));
      assert.deepEqual(
        decisions.map((d) => [d.id, d.status, d.sha256]),
        [
          [first.id, 'approved', first.sha256],
          [second.id, 'rejected', second.sha256],
        ],
      );
      // Only the approved image is listed for training.
      const training = readFileSync(
        path.join(path.dirname(fixtureManifest().fsPath), 'augmented-for-training.csv'),
        'utf8',
      );
      assert.ok(training.includes(first.id) && !training.includes(second.id), training);
    });

    test('a decision made while a job holds the run folder is kept, shown at once, and reaches the manifest when the job lets go', async () => {
      const manifestUri = fixtureManifest();
      const runDir = path.dirname(manifestUri.fsPath);
      const before = await readJson<Manifest>(manifestUri);
      const item = before.items.find((candidate) => candidate.status === 'pending');
      assert.ok(item);
      await vscode.commands.executeCommand('maskmedpaint.openGallery', manifestUri);
      // Stands in for a running job: it holds the folder and has folded the journal so far.
      const job = await RunLock.acquire(runDir, 'maskmedpaint augment');
      const foldedByJob = await journalSize(runDir);
      try {
        await vscode.commands.executeCommand(
          'maskmedpaint.reviewAugmentations',
          manifestUri,
          item.id,
        );
        await waitInWebview(SELECTORS.reviewAccept);
        await clickInWebview(SELECTORS.reviewAccept);
        // The gallery follows the decisions journal, not only the manifest.
        const badge = await waitInWebview(
          `${SELECTORS.galleryItem}[data-item-id="${item.id}"] [data-status="approved"]`,
        );
        assert.ok(badge.found, 'the gallery does not show the decision');
        const { decisions } = await readDecisions(runDir);
        assert.deepEqual(
          decisions.slice(-1).map((d) => [d.id, d.status, d.sha256]),
          [[item.id, 'approved', item.sha256]],
        );
        // Nobody but the holder writes the manifest.
        const now = await readJson<Manifest>(manifestUri);
        assert.equal(now.items.find((candidate) => candidate.id === item.id)?.status, 'pending');
      } finally {
        await job.release();
      }
      // What every holder does when it lets go of the folder.
      await compactIfJournalGrew(manifestUri.fsPath, foldedByJob);
      const after = await waitForManifest<Manifest>(manifestUri, (m) =>
        m.items.some((candidate) => candidate.id === item.id && candidate.status === 'approved'),
      );
      assert.match(
        after.items.find((candidate) => candidate.id === item.id)?.review?.decidedBy ?? '',
        /^(os|github|microsoft):.+/,
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

    test('the notebook renderer shows more items page by page', async () => {
      const notebookUri = inWorkspace('notebooks', 'paging.ipynb');
      const output = {
        output_type: 'display_data',
        metadata: {},
        data: {
          // Pages of 5 of the run's 12 items.
          'application/vnd.maskmedpaint.gallery+json': {
            manifest: fixtureManifest().fsPath,
            filter: { limit: 5 },
          },
          'text/plain': ['MaskMedPaint gallery'],
        },
      };
      const notebook = {
        cells: [
          {
            cell_type: 'code',
            execution_count: 1,
            metadata: {},
            source: ['maskmedpaint.show(run)'],
            outputs: [output],
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
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.window.showNotebookDocument(
        await vscode.workspace.openNotebookDocument(notebookUri),
      );
      // The count names the frame: the earlier notebook's output shows all 12 items at once.
      const shown = async (count: number): Promise<void> => {
        const header = await waitInWebview(
          `${SELECTORS.rendererCount}:has-text("${count} of 12 item")`,
        );
        assert.ok(header.found, `the output never said "${count} of 12"`);
      };
      await shown(5);
      await clickInWebview(SELECTORS.rendererMore);
      await shown(10);
      await clickInWebview(SELECTORS.rendererMore);
      await shown(12);
      const drawn = await waitInWebview(SELECTORS.rendererItem, 12);
      assert.ok(drawn.found && drawn.count === 12, 'the pages were not appended');
      const footer = await waitInWebview(SELECTORS.rendererFooter);
      assert.equal(footer.matches[0]?.text, '', 'every item shown: no "Show more"');
      await screenshot('notebook-output-paged');
    });
  });
}
