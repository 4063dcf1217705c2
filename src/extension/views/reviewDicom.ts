/**
 * What the review panel needs for an item made from DICOM: full-size display renderings of the
 * source, mask and output with the chosen window preset (the brush works at the source's size),
 * and the key header fields without patient data. No vscode import (unit-tested in plain Node).
 */
import * as path from 'node:path';
import type { Manifest, ManifestItem } from '../../shared/manifest';
import type { ReviewDicomView } from '../../shared/webviewProtocol';
import type { WindowPresetId } from '../../shared/windowPresets';
import { windowPresetsFor } from '../../core/image/dicom/display';
import { describeDicom, summarizeDicom } from '../../core/image/dicom/headerSummary';
import { readDicomImage, sniffDicom } from '../../core/image/dicom/readDicom';
import { resolveManifestPath } from './galleryModel';
import { ThumbnailCache } from './thumbnailCache';
import { pixelInfoFromManifest } from './thumbnailRender';

/** Display files by absolute path (null: unreadable), and the DICOM view when it applies. */
export interface ReviewImages {
  shown: Map<string, string | null>;
  dicom?: ReviewDicomView;
}

/** Renders (or finds cached) the item's images for the review panel. */
export async function reviewImages(
  manifest: Manifest,
  manifestPath: string,
  item: ManifestItem,
  window: WindowPresetId,
): Promise<ReviewImages> {
  const dir = path.dirname(manifestPath);
  const cache = ThumbnailCache.beside(manifestPath);
  const segments = manifest.recipe.mask.dicomSegments;
  const shown = new Map<string, string | null>();
  const files: Array<[string | null, boolean]> = [
    [item.source, false],
    [item.mask, false],
    [item.output, true],
  ];
  for (const [relative, isOutput] of files) {
    if (relative === null) continue;
    const absolute = resolveManifestPath(dir, relative);
    shown.set(
      absolute,
      await cache.displayPath(absolute, {
        window,
        ...(isOutput && item.dicom ? { dicom: item.dicom } : {}),
        ...(segments ? { segments } : {}),
      }),
    );
  }
  const dicom = await dicomView(resolveManifestPath(dir, item.source), item, window);
  return dicom ? { shown, dicom } : { shown };
}

async function dicomView(
  sourcePath: string,
  item: ManifestItem,
  window: WindowPresetId,
): Promise<ReviewDicomView | undefined> {
  if (await sniffDicom(sourcePath)) {
    const decoded = await readDicomImage(sourcePath).catch(() => undefined);
    if (decoded) {
      const summary = summarizeDicom(decoded.image, decoded.info);
      return {
        header: describeDicom(summary),
        presets: summary.windowPresets,
        window,
        burnedInAnnotation: summary.burnedInAnnotation,
      };
    }
  }
  if (!item.dicom) return undefined;
  const info = item.dicom;
  return {
    header: `${info.modality} ${info.photometric} ${info.bitsStored}-bit`,
    presets: windowPresetsFor(pixelInfoFromManifest(info)),
    window,
    burnedInAnnotation: info.burnedInAnnotation,
  };
}
