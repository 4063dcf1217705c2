/**
 * The size a source is processed at: the model's native square, or the source's own size floored
 * to a size the model can take.
 */

/**
 * The processing size for `resolution`.
 * @param multiple what each side must be a multiple of: the VAE factor x the UNet's down-sampling
 *   factor (diffusers floors to the VAE factor alone and relies on PyTorch passing each skip
 *   connection's size to the up-samplers; an exported graph up-samples by a fixed 2, so a latent
 *   side that is not a multiple of the UNet factor fails inside the graph).
 */
export function processingSize(
  resolution: 'model' | 'source',
  source: { width: number; height: number },
  nativeSize: number,
  multiple: number,
): { width: number; height: number } {
  if (resolution === 'model') return { width: nativeSize, height: nativeSize };
  const floor = (v: number): number => Math.max(multiple, v - (v % multiple));
  return { width: floor(source.width), height: floor(source.height) };
}
