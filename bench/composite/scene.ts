/**
 * A deterministic dermoscopy-like test scene for the benchmark: skin-toned textured source with
 * a dark irregular lesion, a differently toned target, and the lesion's mask.
 */
import type { RawImage } from '../../src/core/image/rawImage';
import { uniformRandom } from '../../src/core/util/seededRandom';

export interface Scene {
  source: RawImage;
  target: RawImage;
  mask: RawImage;
}

/**
 * The scene at `size` x `size`. `lesionScale` scales the lesion's radius (1: about 15% of the
 * image; 0.33: about 1.7%, a small mask; 1.6: about 40%) and `seed` varies the skin texture.
 */
export function makeScene(size: number, lesionScale = 1, seed = 0): Scene {
  const mask = new Uint8Array(size * size);
  const c = size / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const angle = Math.atan2(y - c, x - c);
      const radius =
        size * lesionScale * (0.22 + 0.03 * Math.sin(3 * angle) + 0.02 * Math.cos(7 * angle + 1));
      if (Math.hypot(x - c, y - c) <= radius) mask[y * size + x] = 255;
    }
  }
  const skin = (tone: [number, number, number], seed: number, lesion: boolean): RawImage => {
    const random = uniformRandom(seed);
    const data = new Uint8Array(size * size * 3);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const p = y * size + x;
        const shade = 0.9 + 0.1 * Math.sin(x / 37) * Math.cos(y / 53);
        const inLesion = lesion && mask[p] !== 0;
        for (let k = 0; k < 3; k++) {
          const base = inLesion ? tone[k] * 0.45 : tone[k];
          data[p * 3 + k] = Math.max(
            0,
            Math.min(255, Math.round(base * shade + 12 * (random() - 0.5))),
          );
        }
      }
    }
    return { width: size, height: size, channels: 3, bitDepth: 8, data };
  };
  return {
    source: skin([220, 170, 150], 1 + 2 * seed, true),
    target: skin([190, 140, 120], 2 + 2 * seed, false),
    mask: { width: size, height: size, channels: 1, bitDepth: 8, data: mask },
  };
}
