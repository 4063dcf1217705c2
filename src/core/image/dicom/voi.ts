/**
 * The grey-scale display pipeline of PS3.3 C.11 after the modality LUT: a VOI window (LINEAR,
 * LINEAR_EXACT or SIGMOID, C.11.2.1.2-3) or a VOI LUT, mapping a modality value to 0..1 of the
 * display range; and the inverse, which turns a model's 8-bit output back into modality values.
 */

/** The VOI LUT Function of a window (C.11.2.1.3). */
export type WindowFunction = 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID';

/** A window in modality units. */
export interface VoiWindow {
  center: number;
  width: number;
  function: WindowFunction;
}

/** A VOI LUT: the value of the first entry's input, the entries, and their bit depth. */
export interface VoiLut {
  firstMapped: number;
  bits: number;
  entries: Uint16Array;
}

/** What the display path applies to modality values. */
export type VoiTransform = { kind: 'window'; window: VoiWindow } | { kind: 'lut'; lut: VoiLut };

/** Maps one modality value to 0..1 of the display range. */
export function voiToUnit(value: number, voi: VoiTransform): number {
  if (voi.kind === 'lut') {
    const { lut } = voi;
    const index = Math.min(
      lut.entries.length - 1,
      Math.max(0, Math.round(value - lut.firstMapped)),
    );
    return (lut.entries[index] ?? 0) / (2 ** lut.bits - 1);
  }
  const { center: c, width: w } = voi.window;
  switch (voi.window.function) {
    case 'LINEAR': {
      // C.11.2.1.2.1: a width of 1 is a threshold at c - 0.5.
      if (value <= c - 0.5 - (w - 1) / 2) return 0;
      if (value > c - 0.5 + (w - 1) / 2) return 1;
      return w <= 1 ? 1 : (value - (c - 0.5)) / (w - 1) + 0.5;
    }
    case 'LINEAR_EXACT': {
      if (value <= c - w / 2) return 0;
      if (value > c + w / 2) return 1;
      return (value - c) / w + 0.5;
    }
    case 'SIGMOID':
      return 1 / (1 + Math.exp((-4 * (value - c)) / w));
  }
}

/**
 * The modality value whose display value is `unit` (0..1): exact for windows inside their
 * linear part; for a LUT, the input of the first entry that reaches `unit` (LUTs are monotonic
 * in practice; a non-monotonic one gives its first match).
 */
export function unitToModality(unit: number, voi: VoiTransform): number {
  const t = Math.min(1, Math.max(0, unit));
  if (voi.kind === 'lut') {
    const { lut } = voi;
    const target = t * (2 ** lut.bits - 1);
    const ascending = (lut.entries[lut.entries.length - 1] ?? 0) >= (lut.entries[0] ?? 0);
    for (let i = 0; i < lut.entries.length; i++) {
      const entry = lut.entries[i] ?? 0;
      if (ascending ? entry >= target : entry <= target) return lut.firstMapped + i;
    }
    return lut.firstMapped + lut.entries.length - 1;
  }
  const { center: c, width: w } = voi.window;
  switch (voi.window.function) {
    case 'LINEAR':
      return (t - 0.5) * Math.max(0, w - 1) + c - 0.5;
    case 'LINEAR_EXACT':
      return (t - 0.5) * w + c;
    case 'SIGMOID': {
      const clamped = Math.min(1 - 1e-6, Math.max(1e-6, t));
      return c - (w / 4) * Math.log(1 / clamped - 1);
    }
  }
}

/** Parses a VOI LUT Function value; anything else (absent, unknown) is LINEAR, the default. */
export function windowFunctionOf(text: string | undefined): WindowFunction {
  return text === 'LINEAR_EXACT' || text === 'SIGMOID' ? text : 'LINEAR';
}
