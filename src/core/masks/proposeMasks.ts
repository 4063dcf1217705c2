/**
 * Propose key-region masks for a whole folder with a background-removal model and write them as
 * PNG files users can review and edit (`<out>/<relative folder>/<stem>.png`, the layout the mask
 * matcher reads). Existing mask files are the cache: they are kept (an edited mask is never
 * overwritten) unless `overwrite` is set.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { listFolder } from '../dataset/walk';
import { readImage } from '../image/io';
import type { MaskProposer, ProposalOptions } from './backgroundRemoval';
import { assertOutputApart } from '../jobs/outputOverlap';
import { writeMaskPng } from './maskFiles';

export interface ProposeFolderOptions extends ProposalOptions {
  sourceDir: string;
  outDir: string;
  overwrite?: boolean;
  signal?: AbortSignal;
  maxPixels?: number;
  onImage?: (event: {
    relPath: string;
    status: 'written' | 'cached' | 'failed';
    index: number;
    total: number;
    error?: string;
  }) => void;
}

export interface ProposeFolderResult {
  written: number;
  cached: number;
  failed: Array<{ relPath: string; error: string }>;
  cancelled: boolean;
}

/** The mask file for a source image's relative path. */
export function maskPathFor(outDir: string, relPath: string): string {
  const parts = relPath.split('/');
  const base = parts.pop() ?? relPath;
  const stem = base.includes('.') ? base.slice(0, base.lastIndexOf('.')) : base;
  return path.join(outDir, ...parts, `${stem}.png`);
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.stat(file);
    return true;
  } catch {
    return false;
  }
}

/** Run the proposer (a background remover, here or in the worker) over every image below `sourceDir`. */
export async function proposeMasksForFolder(
  remover: MaskProposer,
  options: ProposeFolderOptions,
): Promise<ProposeFolderResult> {
  const result: ProposeFolderResult = { written: 0, cached: 0, failed: [], cancelled: false };
  const out = path.resolve(options.outDir);
  const source = path.resolve(options.sourceDir);
  if (out === source)
    throw new Error(
      'the masks folder must differ from the source folder (source images are never overwritten)',
    );
  // By real location too: a masks folder that is (or holds) a link into the source folder would
  // write masks over source images of the same name.
  await assertOutputApart(out, { folders: { source } });
  const images = (await listFolder(source)).images;
  for (const [index, relPath] of images.entries()) {
    if (options.signal?.aborted) {
      result.cancelled = true;
      break;
    }
    const target = maskPathFor(out, relPath);
    const report = (status: 'written' | 'cached' | 'failed', error?: string): void =>
      options.onImage?.({
        relPath,
        status,
        index,
        total: images.length,
        ...(error !== undefined ? { error } : {}),
      });
    if (!options.overwrite && (await exists(target))) {
      result.cached++;
      report('cached');
      continue;
    }
    try {
      const image = await readImage(
        path.join(source, ...relPath.split('/')),
        options.maxPixels !== undefined ? { maxPixels: options.maxPixels } : {},
      );
      const mask = await remover.propose(image, options);
      await writeMaskPng(mask, target);
      result.written++;
      report('written');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      result.failed.push({ relPath, error: message });
      report('failed', message);
    }
  }
  return result;
}
