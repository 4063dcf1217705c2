/**
 * The seam benchmark's inputs: synthetic demo scenes (the demo's dermoscopy-like generator, both
 * classes, with the target's own lesion filled as the engine does) and real photographs (written
 * by real_scenes.py from scikit-image's bundled photos). Every scene ends up as a source, its key
 * region and the target fitted to the source: what every blend starts from.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { fillRegion } from '../../src/core/engines/composite/fillRegion';
import { fitMaskCover, fitTargetToSource } from '../../src/core/engines/composite/fitTarget';
import { generateShortcutDataset } from '../../src/core/demo/shortcutDataset';
import { readImage } from '../../src/core/image/io';
import { readMask } from '../../src/core/image/maskIo';
import type { BinaryMask, RawImage } from '../../src/core/image/rawImage';

/** One benchmark input. */
export interface SeamScene {
  name: string;
  kind: 'demo' | 'real';
  source: RawImage;
  /** The key region as the mask file says (1 = keep). */
  mask: BinaryMask;
  /** The target fitted to the source, its own lesion filled when its mask is known. */
  fitted: RawImage;
}

const DEMO_SIZE = 256;

/** Demo scenes: `perClass` sources of each class, each on a different target of the pool. */
export async function demoScenes(work: string, perClass: number): Promise<SeamScene[]> {
  const root = join(work, 'demo');
  await fs.rm(root, { recursive: true, force: true });
  const dataset = await generateShortcutDataset({
    outDir: root,
    width: DEMO_SIZE,
    height: DEMO_SIZE,
    sourcePerClass: perClass,
    targetCount: 2 * perClass,
    shortcutFraction: 1,
    seed: 11,
  });
  const scenes: SeamScene[] = [];
  let t = 0;
  for (const label of dataset.labels) {
    for (let i = 0; i < perClass; i++, t++) {
      const stem = `lesion_${String(i).padStart(4, '0')}`;
      const targetStem = `lesion_${String(t).padStart(4, '0')}`;
      const source = await readImage(join(dataset.sourceDir, label, `${stem}.png`));
      const mask = await readMask(join(dataset.masksDir, label, `${stem}_segmentation.png`), {
        threshold: 128,
        width: source.width,
        height: source.height,
      });
      const target = await readImage(join(dataset.targetDir, `${targetStem}.png`));
      const targetMask = await readMask(
        join(dataset.targetMasksDir, `${targetStem}_segmentation.png`),
        { threshold: 128, width: target.width, height: target.height },
      );
      let fitted = await fitTargetToSource(target, source);
      fitted = fillRegion(fitted, fitMaskCover(targetMask, source.width, source.height), {
        seed: t,
      });
      scenes.push({ name: `demo ${label} ${i}`, kind: 'demo', source, mask, fitted });
    }
  }
  return scenes;
}

/** Real-photograph scenes from the folders real_scenes.py wrote. */
export async function realScenes(folder: string): Promise<SeamScene[]> {
  const names = (await fs.readdir(folder)).sort();
  const scenes: SeamScene[] = [];
  for (const name of names) {
    const source = await readImage(join(folder, name, 'source.png'));
    const mask = await readMask(join(folder, name, 'mask.png'), {
      threshold: 128,
      width: source.width,
      height: source.height,
    });
    const fitted = await fitTargetToSource(
      await readImage(join(folder, name, 'target.png')),
      source,
    );
    scenes.push({ name, kind: 'real', source, mask, fitted });
  }
  return scenes;
}
