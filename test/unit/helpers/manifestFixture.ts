/**
 * A manifest around given items for tests that write runs by hand: the fixed header (tool, date,
 * the dermoscopy recipe with the composite engine, no model) and inputs with one source, target
 * and mask folder.
 */
import { resolveRecipe } from '../../../src/core/recipe/resolveRecipe';
import type { Manifest, ManifestItem } from '../../../src/shared/manifest';

/** Folders the manifest records, relative to the run folder. */
export interface FixtureInputs {
  source: string;
  target: string;
  masks: string | null;
}

export function manifestOf(
  items: ManifestItem[],
  inputs: FixtureInputs = { source: '../src', target: '../target', masks: '../masks' },
): Manifest {
  return {
    schemaVersion: 1,
    tool: { name: 'maskmedpaint', version: '0.1.0' },
    createdAt: '2026-01-01T00:00:00.000Z',
    recipe: resolveRecipe('dermoscopy', { engine: 'composite' }),
    model: null,
    inputs: {
      ...inputs,
      labels: null,
      counts: {
        sources: 1,
        targets: 1,
        masks: 1,
        skippedNonImages: 0,
        sourcesWithoutMask: 0,
        unmatchedMasks: 0,
      },
    },
    items,
  };
}
