/**
 * A keyboard-only review: the gallery opened from the command palette, Tab into the grid, arrow
 * keys between cells, Enter opens the review panel, A accepts, the right arrow moves to the next
 * item, R rejects. Every step is a key press on the real workbench page (Playwright's keyboard);
 * nothing is clicked, and the focus is checked where the next key must land.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Manifest } from '../../../src/shared/manifest';
import { focusedInWebview, keyboard, quickInput, screenshot, type FocusedElement } from './bridge';
import { fixtureManifest, readJson, waitForManifest } from './helpers';

const GALLERY_CELL = 'gallery-item';
const REVIEW_ITEM_ID = '[data-testid="review-item-id"]';

/** Polls the webview focus until `accept` holds (focus moves a little after the key press). */
async function focusWhere(
  accept: (focused: FocusedElement) => boolean,
  probe?: string,
  limitMs = 15_000,
): Promise<FocusedElement> {
  const deadline = Date.now() + limitMs;
  let last: FocusedElement = { found: false };
  while (Date.now() < deadline) {
    last = await focusedInWebview(probe);
    if (accept(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return last;
}

/** Defines the keyboard walkthrough (needs the inpaint tests' run). */
export function defineKeyboardWalkthroughTests(): void {
  suite('keyboard-only review', () => {
    // What the workbench showed when a step failed (notifications kept: they may say why).
    teardown(async function () {
      if (this.currentTest?.state === 'failed') await screenshot('keyboard-failed', true);
    });

    test('gallery cells, the review panel, accept, next and reject with the keyboard alone', async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      // The command palette opens the gallery; several runs: the full one is picked.
      await keyboard(
        { press: 'F1', waitMs: 600 },
        { type: 'MaskMedPaint: Open Gallery', waitMs: 600 },
        { press: 'Enter', waitMs: 600 },
      );
      await quickInput('Open Gallery', {
        row: 'source-maskmedpaint/maskmedpaint.json',
        fill: 'data/source-maskmedpaint/maskmedpaint.json',
        key: 'Enter',
      });

      // Tab through the toolbar to the grid: its one tab stop is the selected cell.
      let cell: FocusedElement = { found: false };
      for (let presses = 0; presses < 20 && cell.testId !== GALLERY_CELL; presses++) {
        await keyboard({ press: 'Tab', waitMs: 250 });
        cell = await focusedInWebview();
      }
      assert.equal(cell.testId, GALLERY_CELL, `Tab never reached a cell (focus: ${cell.tag})`);
      const first = cell.dataset?.itemId ?? '';
      await keyboard({ press: 'ArrowRight' });
      const second = await focusWhere(
        (f) => f.testId === GALLERY_CELL && f.dataset?.itemId !== first,
      );
      assert.equal(second.testId, GALLERY_CELL, 'the right arrow left the grid');
      assert.notEqual(second.dataset?.itemId, first, 'the right arrow did not move');
      await keyboard({ press: 'ArrowLeft' });
      const back = await focusWhere((f) => f.dataset?.itemId === first);
      assert.equal(back.dataset?.itemId, first, 'the left arrow did not come back');
      await keyboard({ press: 'ArrowRight' });
      const chosen = (await focusWhere((f) => f.dataset?.itemId === second.dataset?.itemId)).dataset
        ?.itemId;
      assert.ok(chosen, 'the selection was lost');
      await screenshot('keyboard-gallery');

      // Enter opens the review panel on that item, with the keyboard focus in it.
      await keyboard({ press: 'Enter', waitMs: 500 });
      const inPanel = await focusWhere((f) => f.probeText === chosen, REVIEW_ITEM_ID);
      assert.equal(
        inPanel.probeText,
        chosen,
        'the review panel did not take the focus on the item',
      );
      // A decision made now has a new time, whatever earlier tests decided on the item.
      const before = await readJson<Manifest>(fixtureManifest());
      const decidedAt = (m: Manifest, id: string): string | undefined =>
        m.items.find((item) => item.id === id)?.review?.decidedAt;
      const decidedNow = (m: Manifest, id: string, status: string): boolean =>
        m.items.some((item) => item.id === id && item.status === status) &&
        decidedAt(m, id) !== decidedAt(before, id);
      await keyboard({ press: 'a' });
      await waitForManifest<Manifest>(fixtureManifest(), (m) => decidedNow(m, chosen, 'approved'));

      // The right arrow moves to the next item; R rejects it.
      await keyboard({ press: 'ArrowRight', waitMs: 500 });
      const next = await focusWhere(
        (f) => f.probeText !== null && f.probeText !== undefined && f.probeText !== chosen,
        REVIEW_ITEM_ID,
      );
      const nextId = next.probeText ?? '';
      assert.ok(nextId && nextId !== chosen, 'the right arrow did not show the next item');
      await keyboard({ press: 'r' });
      const decided = await waitForManifest<Manifest>(fixtureManifest(), (m) =>
        decidedNow(m, nextId, 'rejected'),
      );
      assert.equal(decided.items.find((item) => item.id === chosen)?.status, 'approved');
      await screenshot('keyboard-review');
    });
  });
}
