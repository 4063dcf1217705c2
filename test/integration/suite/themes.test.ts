/**
 * The gallery and the review panel in a dark and a light theme (VS Code's default "Modern" pair,
 * set in the user settings): axe-core's color-contrast rule (WCAG AA, 4.5:1 for text) finds no
 * violation in either webview, on a run whose first items carry every kind of badge, and the views
 * are saved as screenshots per theme (test-artifacts/gallery-dark.png, review-panel-light.png,
 * review-failed-dark.png, ...; axe's full results beside them).
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { writeBadgeRun, type BadgeRun } from './badgeRun';
import { axeInWebview, screenshot, waitInWebview, type AxeNode } from './bridge';
import { SELECTORS } from './selectors';

/**
 * The themes checked: code-server 4.100 bundles both (extensions/theme-defaults). Light first: the
 * user settings already name the dark theme, yet the web workbench can start in the light one
 * (seen in fresh CI clones), and setting a value the settings already hold changes nothing. Each
 * test therefore sets a value different from the one before it, which the workbench applies.
 */
const THEMES = [
  { id: 'Default Light Modern', slug: 'light', bodyClass: 'vscode-light' },
  { id: 'Default Dark Modern', slug: 'dark', bodyClass: 'vscode-dark' },
] as const;

/** The badges the run copy puts in the grid's first rows (src/webview/common/badges.ts). */
const BADGES = [
  '[data-testid="status-badge"][data-status="pending"]',
  '[data-testid="status-badge"][data-status="approved"]',
  '[data-testid="status-badge"][data-status="rejected"]',
  '[data-testid="stale-badge"]',
  '[data-testid="mask-flag"]',
  '[data-testid="seam-score"][data-visible="true"]',
  '[data-testid="seam-score"][data-visible="false"]',
  '[data-testid="failed-reason"]',
];

/** One line per violating element: the rule, the element, and axe's colours and ratio. */
function describe(nodes: readonly AxeNode[]): string {
  return nodes.map((node) => `${node.target}: ${JSON.stringify(node.data)}`).join('\n');
}

/** Defines the theme tests (need the inpaint tests' run, reviewed in part by earlier tests). */
export function defineThemeTests(): void {
  suite('colour contrast and screenshots in a dark and a light theme', () => {
    // What the workbench showed when a step failed (notifications kept: they may say why).
    teardown(async function () {
      if (this.currentTest?.state === 'failed') await screenshot('themes-failed', true);
    });

    const workbench = () => vscode.workspace.getConfiguration('workbench');
    const original = workbench().inspect<string>('colorTheme')?.globalValue;

    suiteTeardown(async () => {
      await workbench().update('colorTheme', original, vscode.ConfigurationTarget.Global);
    });

    let run: BadgeRun | undefined;
    suiteSetup(async () => {
      run = await writeBadgeRun();
    });

    for (const theme of THEMES) {
      test(`gallery and review panel: no text below AA contrast (${theme.id})`, async () => {
        assert.ok(run, 'no badge run');
        await workbench().update('colorTheme', theme.id, vscode.ConfigurationTarget.Global);
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        await vscode.commands.executeCommand('maskmedpaint.openGallery', run.manifest);
        // The webview's body carries the theme kind once the new colours reached it.
        const themed = (selector: string): string => `body.${theme.bodyClass} ${selector}`;
        const cells = await waitInWebview(themed(SELECTORS.galleryItem), 1, true);
        assert.ok(cells.found, `the gallery did not show the run in ${theme.id}`);
        // Every kind of badge is on screen for axe to measure.
        for (const badge of BADGES) {
          const seen = await waitInWebview(themed(badge));
          assert.ok(seen.found, `no ${badge} in the gallery`);
        }
        await screenshot(`gallery-${theme.slug}`);
        const gallery = await axeInWebview(
          themed(SELECTORS.galleryItem),
          ['color-contrast'],
          `axe-gallery-${theme.slug}`,
        );
        assert.ok(gallery.found, 'axe found no gallery frame');
        assert.deepEqual(gallery.violations, [], describe(gallery.violations));

        // The panel on an item with a reset decision, mask flags, the quality line and the
        // region overlay, then on a failed item (its full error instead of the image).
        for (const [itemId, view] of [
          [run.staleFlagged, 'review-panel'],
          [run.failed, 'review-failed'],
        ] as const) {
          await vscode.commands.executeCommand(
            'maskmedpaint.reviewAugmentations',
            run.manifest,
            itemId,
          );
          const panel = await waitInWebview(
            themed(`${SELECTORS.reviewItemId}:has-text("${itemId}")`),
          );
          assert.ok(panel.found, `the review panel did not show ${itemId} in ${theme.id}`);
          await waitInWebview(themed(SELECTORS.reviewBefore), 1, true);
          await screenshot(`${view}-${theme.slug}`);
          const review = await axeInWebview(
            themed(SELECTORS.reviewItemId),
            ['color-contrast'],
            `axe-${view}-${theme.slug}`,
          );
          assert.ok(review.found, 'axe found no review frame');
          assert.deepEqual(review.violations, [], describe(review.violations));
        }
      });
    }
  });
}
