/**
 * What the review panel needs for an item made from DICOM: full-size display renderings of the
 * source, mask and output with the chosen window preset (the brush works at the source's size),
 * and the key header fields without patient data. No vscode import (unit-tested in plain Node).
 */
import type { Manifest, ManifestItem } from '../../shared/manifest';
import type { ReviewDicomView } from '../../shared/webviewProtocol';
import type { WindowPresetId } from '../../shared/windowPresets';
import { windowPresetsFor } from '../../core/image/dicom/display';
import { describeDicom, summarizeDicom } from '../../core/image/dicom/headerSummary';
import { readDicomImage, sniffDicom } from '../../core/image/dicom/readDicom';
import type { ItemImagePaths } from './confinedItemPaths';
import { ThumbnailCache } from './thumbnailCache';
import { pixelInfoFromManifest } from './thumbnailRender';

/** Display files by absolute path (null: unreadable), and the DICOM view when it applies. */
export interface ReviewImages {
  shown: Map<string, string | null>;
  dicom?: ReviewDicomView;
}

/**
 * Renders (or finds cached) the item's images for the review panel, from the paths that passed
 * confinement (`confined`); a refused path stays unshown.
 */
export async function reviewImages(
  manifest: Manifest,
  manifestPath: string,
  item: ManifestItem,
  window: WindowPresetId,
  confined: ItemImagePaths,
): Promise<ReviewImages> {
  const cache = ThumbnailCache.beside(manifestPath);
  const segments = manifest.recipe.mask.dicomSegments;
  const shown = new Map<string, string | null>();
  const files: Array<[string | null, boolean]> = [
    [confined.source, false],
    [confined.mask, false],
    [confined.output, true],
  ];
  for (const [absolute, isOutput] of files) {
    if (absolute === null) continue;
    shown.set(
      absolute,
      await cache.displayPath(absolute, {
        window,
        ...(isOutput && item.dicom ? { dicom: item.dicom } : {}),
        ...(segments ? { segments } : {}),
      }),
    );
  }
  const dicom = await dicomView(confined.source, item, window);
  return dicom ? { shown, dicom } : { shown };
}

async function dicomView(
  sourcePath: string | null,
  item: ManifestItem,
  window: WindowPresetId,
): Promise<ReviewDicomView | undefined> {
  if (sourcePath !== null && (await sniffDicom(sourcePath))) {
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
