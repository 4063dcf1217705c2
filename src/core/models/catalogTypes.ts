/**
 * Types of models/catalog.json: the models MaskMedPaint knows how to download and run.
 * The JSON Schema in models/catalog.schema.json describes the same shape; keep them in step.
 */

/** What a model is used for; decides which engine or mask source can load it. */
export type ModelKind = 'sd-inpaint-9ch' | 'sd-base-4ch' | 'plain-inpainter' | 'background-removal';

/** One file of a model, stored at `path` inside the model's folder. */
export interface CatalogFile {
  /** Relative path inside the model folder, '/'-separated (e.g. "unet/model.onnx"). */
  path: string;
  /** Download URL (pinned to a revision where the publisher allows it). */
  url: string;
  /** Size in bytes; null when the publisher's listing gave none we could verify. */
  size: number | null;
  /** Lower-case hex SHA-256 of the whole file; null when unverified. */
  sha256: string | null;
}

export interface CatalogEntry {
  /** Stable id used on the command line: `maskmedpaint models download ID`. */
  id: string;
  title: string;
  kind: ModelKind;
  /** Which plain engine runs it, for kind 'plain-inpainter' (an engine id of the engine registry). */
  engine?: string;
  /** Where the files come from (publisher page), for people to check. */
  homepage: string;
  files: CatalogFile[];
  /** SPDX id or the licence's own name. */
  license: string;
  /** Shown before download; mandatory reading for restrictive licences. */
  licenseNote: string;
  /** True when the licence forbids commercial use: the user must confirm before download. */
  nonCommercial: boolean;
  /** Preset the model suits best. */
  recommendedPreset: 'natural' | 'dermoscopy' | 'cameraTrap' | 'chestXray' | 'custom';
  /** False when at least one file's hash or size could not be verified from the publisher. */
  verified: boolean;
  /** Where the sizes and SHA-256 were read (repository, commit, file), so they can be checked again. */
  verifiedFrom?: string;
  /** Why an entry is unverified, or other facts a user should know. */
  note?: string;
}

export interface Catalog {
  version: 1;
  models: CatalogEntry[];
}
