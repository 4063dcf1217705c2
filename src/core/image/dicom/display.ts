/**
 * The display side of the pixel pipeline, in the standard order: modality LUT (rescale), then
 * VOI (window or LUT), then MONOCHROME1 inverted last. Gives the 8-bit image that thumbnails and
 * the 8-bit engines see, and the inverse that brings an 8-bit result back to stored values.
 */
import { WINDOW_PRESET_IDS, type WindowPresetId } from '../../../shared/windowPresets';
import type { RawImage } from '../rawImage';
import type { DicomPixelInfo } from './pixelInfo';
import { unitToModality, voiToUnit, type VoiTransform } from './voi';

export { WINDOW_PRESET_IDS, type WindowPresetId } from '../../../shared/windowPresets';

/**
 * CT windows in Hounsfield units (centre, width): the lung, bone and soft-tissue settings most
 * reading rooms start from.
 */
const CT_PRESETS: Record<'lung' | 'bone' | 'softTissue', [number, number]> = {
  lung: [-600, 1500],
  bone: [400, 1800],
  softTissue: [40, 400],
};

/** The presets that apply to an image: CT ones only for CT grey images; none for colour. */
export function windowPresetsFor(info: DicomPixelInfo): WindowPresetId[] {
  if (info.photometric === 'RGB') return [];
  return info.modality === 'CT' ? [...WINDOW_PRESET_IDS] : ['default', 'fullRange'];
}

/** Lowest and highest modality value in a grey image. */
function modalityRange(image: RawImage, info: DicomPixelInfo): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const sample of image.data) {
    if (sample < lo) lo = sample;
    if (sample > hi) hi = sample;
  }
  if (lo > hi) [lo, hi] = [0, 0];
  const a = info.rescaleSlope * lo + info.rescaleIntercept;
  const b = info.rescaleSlope * hi + info.rescaleIntercept;
  return [Math.min(a, b), Math.max(a, b)];
}

/**
 * The VOI transform of a preset. `default` is the file's VOI LUT, else its first window, else
 * the full range (what a viewer shows for a file without VOI data); unknown CT presets on other
 * modalities fall back to the default.
 */
export function resolveVoi(
  image: RawImage,
  info: DicomPixelInfo,
  preset: WindowPresetId = 'default',
): VoiTransform {
  if (preset !== 'default' && preset !== 'fullRange' && info.modality === 'CT') {
    const [center, width] = CT_PRESETS[preset];
    return { kind: 'window', window: { center, width, function: 'LINEAR' } };
  }
  if (preset !== 'fullRange') {
    if (info.voiLut) return { kind: 'lut', lut: info.voiLut };
    const window = info.windows[0];
    if (window) return { kind: 'window', window };
  }
  const [lo, hi] = modalityRange(image, info);
  return {
    kind: 'window',
    window: { center: (lo + hi) / 2, width: Math.max(hi - lo, 1), function: 'LINEAR_EXACT' },
  };
}

/** The 8-bit display image: grey through rescale, VOI and MONOCHROME1 inversion; colour scaled to 8 bits. */
export function renderDisplay8(image: RawImage, info: DicomPixelInfo, voi: VoiTransform): RawImage {
  const out = new Uint8Array(image.data.length);
  if (image.channels !== 1) {
    const scale = image.bitDepth === 16 ? 257 : 1;
    for (let i = 0; i < out.length; i++) out[i] = Math.round((image.data[i] ?? 0) / scale);
    return { ...image, bitDepth: 8, data: out };
  }
  const invert = info.photometric === 'MONOCHROME1';
  // A table per stored value: at most 65536 evaluations instead of one per pixel.
  const size = image.bitDepth === 16 ? 65536 : 256;
  const table = new Uint8Array(size);
  for (let v = 0; v < size; v++) {
    const unit = voiToUnit(info.rescaleSlope * v + info.rescaleIntercept, voi);
    table[v] = Math.round(255 * (invert ? 1 - unit : unit));
  }
  for (let i = 0; i < out.length; i++) out[i] = table[image.data[i] ?? 0] ?? 0;
  return { width: image.width, height: image.height, channels: 1, bitDepth: 8, data: out };
}

/**
 * Back from an 8-bit display image (an 8-bit engine's output, grey or RGB whose channels agree)
 * to samples in the source's stored domain: the inverse of {@link renderDisplay8}. Values the
 * window clipped come back at the window's edge; the caller pastes the source's own key region
 * over the result, so only regenerated pixels take this path.
 */
export function displayToStored(
  display: RawImage,
  like: RawImage,
  info: DicomPixelInfo,
  voi: VoiTransform,
): RawImage {
  const pixels = like.width * like.height;
  const out =
    like.bitDepth === 16
      ? new Uint16Array(pixels * like.channels)
      : new Uint8Array(pixels * like.channels);
  if (like.channels !== 1) {
    const scale = like.bitDepth === 16 ? 257 : 1;
    for (let i = 0; i < out.length; i++) out[i] = (display.data[i] ?? 0) * scale;
    return { ...like, data: out };
  }
  const invert = info.photometric === 'MONOCHROME1';
  const max = 2 ** info.bitsStored - 1;
  const table = new Float64Array(256);
  for (let v = 0; v < 256; v++) {
    const unit = invert ? 1 - v / 255 : v / 255;
    const stored = (unitToModality(unit, voi) - info.rescaleIntercept) / info.rescaleSlope;
    table[v] = Math.min(max, Math.max(0, Math.round(stored)));
  }
  const step = display.channels;
  const d = display.data;
  for (let p = 0; p < pixels; p++) {
    const i = p * step;
    // A grey source may come back as RGB from a colour model: its BT.601 luma is the grey.
    const grey =
      step >= 3
        ? Math.round(0.299 * (d[i] ?? 0) + 0.587 * (d[i + 1] ?? 0) + 0.114 * (d[i + 2] ?? 0))
        : (d[i] ?? 0);
    out[p] = table[grey] ?? 0;
  }
  return { ...like, data: out };
}
