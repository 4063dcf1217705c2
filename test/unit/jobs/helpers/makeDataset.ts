/**
 * Writes small labelled datasets for job and CLI tests: class folders of RGB images with a
 * disc-shaped lesion, matching masks (optionally with a suffix), and target images.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import sharp from 'sharp';

export interface TestDataset {
  root: string;
  source: string;
  masks: string;
  target: string;
  /** The targets' own lesion masks (written only with `targetMasks: true`). */
  targetMasks: string;
}

export interface MakeDatasetOptions {
  classes?: readonly string[];
  perClass?: number;
  targets?: number;
  size?: number;
  maskSuffix?: string;
  /** Also write a lesion mask per target image (named with `maskSuffix`), as ISIC provides. */
  targetMasks?: boolean;
}

/** A deterministic RGB image: a gradient tinted by `seed` with a dark disc in the middle. */
export function rgbImage(size: number, seed: number): Buffer {
  const data = Buffer.alloc(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 3;
      const inDisc = Math.hypot(x - size / 2, y - size / 2) < size / 4;
      data[i] = inDisc ? 60 : (x * 7 + seed * 31) % 256;
      data[i + 1] = inDisc ? 40 : (y * 5 + seed * 17) % 256;
      data[i + 2] = inDisc ? 30 : (x * y + seed * 11) % 256;
    }
  }
  return data;
}

/** A disc mask (255 inside) matching {@link rgbImage}'s lesion. */
export function discMask(size: number): Buffer {
  const data = Buffer.alloc(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++)
      data[y * size + x] = Math.hypot(x - size / 2, y - size / 2) < size / 4 ? 255 : 0;
  }
  return data;
}

export async function writeRgbPng(file: string, size: number, seed: number): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  await sharp(rgbImage(size, seed), { raw: { width: size, height: size, channels: 3 } })
    .png()
    .toFile(file);
}

export async function writeMaskPng(file: string, size: number): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  await sharp(discMask(size), { raw: { width: size, height: size, channels: 1 } })
    .png()
    .toFile(file);
}

/** Writes a dataset under `root` (which should be a fresh temp folder). */
export async function makeDataset(
  root: string,
  options: MakeDatasetOptions = {},
): Promise<TestDataset> {
  const classes = options.classes ?? ['benign', 'malignant'];
  const perClass = options.perClass ?? 2;
  const size = options.size ?? 32;
  const suffix = options.maskSuffix ?? '';
  const dataset = {
    root,
    source: path.join(root, 'source'),
    masks: path.join(root, 'masks'),
    target: path.join(root, 'target'),
    targetMasks: path.join(root, 'target-masks'),
  };
  let seed = 1;
  for (const label of classes) {
    for (let i = 0; i < perClass; i++) {
      await writeRgbPng(path.join(dataset.source, label, `img_${i}.png`), size, seed++);
      await writeMaskPng(path.join(dataset.masks, label, `img_${i}${suffix}.png`), size);
    }
  }
  for (let i = 0; i < (options.targets ?? 3); i++) {
    await writeRgbPng(path.join(dataset.target, `t_${i}.png`), size + 8, 100 + i);
    if (options.targetMasks)
      await writeMaskPng(path.join(dataset.targetMasks, `t_${i}${suffix}.png`), size + 8);
  }
  return dataset;
}

/** SHA-256 of every file below `dir`, keyed by POSIX relative path. */
export function hashTree(dir: string): Map<string, string> {
  const hashes = new Map<string, string>();
  const visit = (current: string): void => {
    for (const name of readdirSync(current).sort()) {
      const full = path.join(current, name);
      if (statSync(full).isDirectory()) visit(full);
      else {
        const rel = path.relative(dir, full).split(path.sep).join('/');
        hashes.set(rel, createHash('sha256').update(readFileSync(full)).digest('hex'));
      }
    }
  };
  visit(dir);
  return hashes;
}

/** Writes a text file, creating its folder. */
export function writeText(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}
