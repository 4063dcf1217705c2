/**
 * The gallery and the review panel in a dark and a light theme (VS Code's default "Modern" pair,
 * set in the user settings): axe-core's color-contrast rule (WCAG AA, 4.5:1 for text) finds no
 * violation in either webview, and both views are saved as screenshots per theme
 * (test-artifacts/gallery-dark.png, review-panel-light.png, ...; axe's full results beside them).
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Manifest } from '../../../src/shared/manifest';
import { axeInWebview, screenshot, waitInWebview, type AxeNode } from './bridge';
import { fixtureManifest, readJson } from './helpers';
import { SELECTORS } from './selectors';

/** The themes checked: code-server 4.100 bundles both (extensions/theme-defaults). */
const THEMES = [
  { id: 'Default Dark Modern', slug: 'dark', bodyClass: 'vscode-dark' },
  { id: 'Default Light Modern', slug: 'light', bodyClass: 'vscode-light' },
] as const;

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

    for (const theme of THEMES) {
      test(`gallery and review panel: no text below AA contrast (${theme.id})`, async () => {
        await workbench().update('colorTheme', theme.id, vscode.ConfigurationTarget.Global);
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        await vscode.commands.executeCommand('maskmedpaint.openGallery', fixtureManifest());
        // The webview's body carries the theme kind once the new colours reached it.
        const themed = (selector: string): string => `body.${theme.bodyClass} ${selector}`;
        const cells = await waitInWebview(themed(SELECTORS.galleryItem), 1, true);
        assert.ok(cells.found, `the gallery did not show the run in ${theme.id}`);
        await screenshot(`gallery-${theme.slug}`);
        const gallery = await axeInWebview(
          themed(SELECTORS.galleryItem),
          ['color-contrast'],
          `axe-gallery-${theme.slug}`,
        );
        assert.ok(gallery.found, 'axe found no gallery frame');
        assert.deepEqual(gallery.violations, [], describe(gallery.violations));

        // An item with a quality line and region overlay: the panel's fullest view.
        const manifest = await readJson<Manifest>(fixtureManifest());
        const item = manifest.items.find((i) => i.quality?.regions) ?? manifest.items[0];
        assert.ok(item, 'the run has no items');
        await vscode.commands.executeCommand(
          'maskmedpaint.reviewAugmentations',
          fixtureManifest(),
          item.id,
        );
        const panel = await waitInWebview(
          themed(`${SELECTORS.reviewItemId}:has-text("${item.id}")`),
        );
        assert.ok(panel.found, `the review panel did not show ${item.id} in ${theme.id}`);
        await waitInWebview(themed(SELECTORS.reviewBefore), 1, true);
        await screenshot(`review-panel-${theme.slug}`);
        const review = await axeInWebview(
          themed(SELECTORS.reviewItemId),
          ['color-contrast'],
          `axe-review-${theme.slug}`,
        );
        assert.ok(review.found, 'axe found no review frame');
        assert.deepEqual(review.violations, [], describe(review.violations));
      });
    }
  });
}
