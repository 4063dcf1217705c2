/**
 * Layering partial recipes: defaults <- preset <- recipe file <- explicit overrides (flags).
 */
import type {
  CompositeSettings,
  DiffusionSettings,
  MaskSettings,
  Recipe,
} from '../../shared/recipe';

/** A partial recipe: any subset of settings, nested groups partial too. */
export interface RecipeOverrides {
  engine?: Recipe['engine'];
  preset?: Recipe['preset'];
  perImage?: number;
  seed?: number;
  mask?: Partial<MaskSettings>;
  composite?: Partial<CompositeSettings>;
  diffusion?: Partial<DiffusionSettings>;
  outputFormat?: Recipe['outputFormat'];
  maxPixels?: number;
}

/** Returns `base` with every defined member of `layer` applied (nested groups merged one level). */
export function applyOverrides(base: Recipe, layer: RecipeOverrides): Recipe {
  const defined = <T extends object>(value: T | undefined): Partial<T> =>
    Object.fromEntries(
      Object.entries(value ?? {}).filter(([, member]) => member !== undefined),
    ) as Partial<T>;
  const top = defined(layer);
  return {
    ...base,
    ...(top as Partial<Recipe>),
    mask: {
      ...base.mask,
      ...defined(layer.mask),
      // perClass is a map: a layer adds or replaces classes rather than dropping the others.
      perClass: { ...base.mask.perClass, ...(layer.mask?.perClass ?? {}) },
    },
    composite: { ...base.composite, ...defined(layer.composite) },
    diffusion: { ...base.diffusion, ...defined(layer.diffusion) },
  };
}
