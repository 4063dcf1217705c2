/**
 * What "Write Augmentation Config" puts beside a training script or notebook: a small JSON file
 * pointing at the manifest (relative path, so the project can move), whether only approved
 * images are used, and a recipe summary; plus a Python snippet that loads it.
 */
import * as path from 'node:path';
import { runsModel } from '../../core/engines/registry';
import { relativePosix } from '../../core/util/posixPath';
import type { Manifest } from '../../shared/manifest';
import { MANIFEST_CSV_NAME } from '../../shared/manifest';

/** File names written beside the training file. */
export const AUGMENT_CONFIG_FILE = 'maskmedpaint.augment.json';
export const AUGMENT_SNIPPET_FILE = 'maskmedpaint_augment_snippet.py';

/** The JSON written to {@link AUGMENT_CONFIG_FILE}. */
export interface AugmentConfig {
  schemaVersion: 1;
  tool: 'maskmedpaint';
  /** Manifest path relative to the config file's folder (POSIX separators). */
  manifest: string;
  /** augmented.csv relative to the config file's folder. */
  csv: string;
  approvedOnly: boolean;
  /** The training file this config was written for, relative to the config's folder. */
  trainingFile: string;
  recipe: RecipeSummary;
  counts: { items: number; approved: number; rejected: number; pending: number; failed: number };
}

/** The recipe settings a reader of the training code wants to see at a glance. */
export interface RecipeSummary {
  engine: string;
  preset: string;
  perImage: number;
  seed: number;
  model: string | null;
  prompt: string | null;
  strength: number | null;
}

/** Builds the config for `manifest` (at `manifestPath`) written into `configFolder`. */
export function buildAugmentConfig(
  manifest: Manifest,
  manifestPath: string,
  trainingFilePath: string,
  approvedOnly: boolean,
): AugmentConfig {
  const configFolder = path.dirname(trainingFilePath);
  const usesModel = runsModel(manifest.recipe.engine);
  const count = (status: string): number =>
    manifest.items.filter((item) => item.status === status).length;
  return {
    schemaVersion: 1,
    tool: 'maskmedpaint',
    manifest: relativePosix(configFolder, manifestPath),
    csv: relativePosix(configFolder, path.join(path.dirname(manifestPath), MANIFEST_CSV_NAME)),
    approvedOnly,
    trainingFile: path.basename(trainingFilePath),
    recipe: {
      engine: manifest.recipe.engine,
      preset: manifest.recipe.preset,
      perImage: manifest.recipe.perImage,
      seed: manifest.recipe.seed,
      model: manifest.model?.id ?? (usesModel ? manifest.recipe.diffusion.model : null),
      prompt: usesModel ? manifest.recipe.diffusion.prompt : null,
      strength: usesModel ? manifest.recipe.diffusion.strength : null,
    },
    counts: {
      items: manifest.items.length,
      approved: count('approved'),
      rejected: count('rejected'),
      pending: count('pending'),
      failed: count('failed'),
    },
  };
}

/** The Python snippet written to {@link AUGMENT_SNIPPET_FILE}. */
export function buildLoaderSnippet(): string {
  return `"""Load the MaskMedPaint augmentation described by ${AUGMENT_CONFIG_FILE} (written by VS Code).

Append the generated images to the real training set (a plain concatenation), as the method does.
"""
import json
from pathlib import Path

# Beside this file when run as a script; the working folder in a notebook.
_HERE = Path(__file__).parent if "__file__" in globals() else Path.cwd()
CONFIG = json.loads((_HERE / "${AUGMENT_CONFIG_FILE}").read_text(encoding="utf-8"))
MANIFEST = (_HERE / CONFIG["manifest"]).resolve()
APPROVED_ONLY = CONFIG["approvedOnly"]


def augmented_dataset(transform=None, label_to_index=None):
    """The generated images as a PyTorch Dataset of (image, label), via the MaskMedPaint toolkit."""
    from maskmedpaint import AugmentedDataset  # pip install maskmedpaint (python/ in the repository)

    return AugmentedDataset(
        MANIFEST, approved_only=APPROVED_ONLY, transform=transform, label_to_index=label_to_index
    )


def augmented_rows():
    """The same images without the toolkit: pandas rows (output, label, source, status)."""
    import pandas as pd

    csv_path = (_HERE / CONFIG["csv"]).resolve()
    rows = pd.read_csv(csv_path)
    if APPROVED_ONLY:
        rows = rows[rows["status"] == "approved"]
    # Paths in augmented.csv are relative to the manifest's folder.
    rows = rows.assign(output=[str(MANIFEST.parent / p) for p in rows["output"]])
    return rows.reset_index(drop=True)


# Example (PyTorch):
#   from torch.utils.data import ConcatDataset
#   train_set = ConcatDataset([train_set, augmented_dataset(transform=train_transform)])
`;
}
