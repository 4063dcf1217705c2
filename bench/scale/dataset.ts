/**
 * The scale benchmark's dataset: N dermoscopy-like 512x512 sources in two classes with their
 * lesion masks (coverage varying from about 2% to 40% across images) and a bank of targets,
 * written as PNG. Deterministic, so two machines benchmark the same images.
 */
import { mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeImage } from '../../src/core/image/io';
import { makeScene } from '../composite/scene';

/** Where the dataset's folders are. */
export interface ScaleDataset {
  source: string;
  masks: string;
  target: string;
}

/** Lesion radius scales cycled through the sources (coverage about 1.7%, 15%, 40%, 6%). */
const LESION_SCALES = [0.33, 1, 1.6, 0.65];

/** Writes `images` sources (and masks) and `targets` target images under `root`. */
export async function writeScaleDataset(
  root: string,
  images: number,
  targets: number,
  size = 512,
): Promise<ScaleDataset> {
  const dataset = {
    source: join(root, 'source'),
    masks: join(root, 'masks'),
    target: join(root, 'target'),
  };
  for (const label of ['benign', 'malignant']) {
    mkdirSync(join(dataset.source, label), { recursive: true });
    mkdirSync(join(dataset.masks, label), { recursive: true });
  }
  mkdirSync(dataset.target, { recursive: true });
  for (let i = 0; i < images; i++) {
    const scene = makeScene(size, LESION_SCALES[i % LESION_SCALES.length] ?? 1, i);
    const label = i % 2 === 0 ? 'benign' : 'malignant';
    const name = `img_${String(i).padStart(6, '0')}.png`;
    await writeFile(join(dataset.source, label, name), await encodeImage(scene.source, 'png'));
    await writeFile(join(dataset.masks, label, name), await encodeImage(scene.mask, 'png'));
    if (i < targets)
      await writeFile(join(dataset.target, `t_${i}.png`), await encodeImage(scene.target, 'png'));
  }
  return dataset;
}
