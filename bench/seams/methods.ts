/**
 * The built-in ways of joining the key region and the target that the seam benchmark compares:
 * the engine as it was before the blend side option (the seam blended inside the mask), and each
 * blend with every mask pixel kept (seam outside). OpenCV and the other alternatives are in
 * alternatives.py.
 */
import { compositeFitted } from '../../src/core/engines/composite/compositeOntoTarget';
import { prepareKeyRegion } from '../../src/core/image/prepareKeyRegion';
import type { RawImage } from '../../src/core/image/rawImage';
import type { BlendSide, CompositeBlend } from '../../src/shared/recipe';
import type { SeamScene } from './scenes';

/** A built-in method: how to make the output of one scene. */
export interface BuiltInMethod {
  id: string;
  label: string;
  run(scene: SeamScene): RawImage;
}

const FEATHER_PX = 3;

function builtIn(
  id: string,
  label: string,
  blend: CompositeBlend,
  harmonize: boolean,
  blendSide: BlendSide,
  blurFactor = 0,
  featherPx = FEATHER_PX,
): BuiltInMethod {
  return {
    id,
    label,
    run: (scene) => {
      const { keyMask, keyAlpha } = prepareKeyRegion(scene.mask, {
        marginPx: 0,
        blurFactor,
        featherPx,
        blendSide,
      });
      return compositeFitted(scene.source, keyMask, keyAlpha, scene.fitted, { blend, harmonize });
    },
  };
}

/** Every built-in method, the engine's earlier behaviour first. */
export const BUILT_IN_METHODS: readonly BuiltInMethod[] = [
  builtIn(
    'before-dermoscopy',
    'before: Poisson + harmonize, blended inside, blur 33 (dermoscopy preset)',
    'poisson',
    true,
    'inside',
    33,
  ),
  builtIn(
    'dermoscopy-now',
    'now: ramp, blended inside, blur 33 (dermoscopy preset)',
    'ramp',
    false,
    'inside',
    33,
  ),
  builtIn(
    'before-custom',
    'before: Poisson + harmonize, blended inside (custom)',
    'poisson',
    true,
    'inside',
  ),
  builtIn('poisson-harmonize', 'Poisson + harmonize, outside', 'poisson', true, 'outside'),
  builtIn('poisson', 'Poisson, outside', 'poisson', false, 'outside'),
  builtIn('alpha', 'feathered alpha (3 px), outside', 'alpha', false, 'outside'),
  builtIn('alpha-harmonize', 'feathered alpha + harmonize, outside', 'alpha', true, 'outside'),
  builtIn('ramp', 'ramp (the new default), outside', 'ramp', false, 'outside'),
  builtIn('ramp-harmonize', 'ramp + harmonize, outside', 'ramp', true, 'outside'),
  builtIn('paste', 'plain paste (no feather), outside', 'alpha', false, 'outside', 0, 0),
  builtIn('ramp-no-feather', 'ramp, no feather, outside', 'ramp', false, 'outside', 0, 0),
];

/** Labels of the alternatives alternatives.py writes (file name = id + '.png'). */
export const ALTERNATIVE_METHODS: ReadonlyArray<{ id: string; label: string }> = [
  { id: 'opencv-normal', label: 'OpenCV seamlessClone NORMAL, then exact key region' },
  {
    id: 'opencv-mixed',
    label: 'OpenCV seamlessClone MIXED (mixed gradients), then exact key region',
  },
  { id: 'laplacian-pyramid', label: 'Laplacian pyramid blend (5 levels), then exact key region' },
  {
    id: 'alpha-colour-transfer',
    label: 'feathered alpha + Reinhard colour transfer, then exact key region',
  },
  { id: 'opencv-normal-raw', label: 'OpenCV seamlessClone NORMAL alone (key region not kept)' },
];

/** The band width the engine uses for a source of this size (compositeFitted's default). */
export function engineBandPx(width: number, height: number): number {
  return Math.max(2 * FEATHER_PX, Math.round(0.04 * Math.min(width, height)), 8);
}
