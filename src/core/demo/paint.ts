/**
 * Drawing the synthetic dermoscopy-like images: skin with a domain's tone, illumination and
 * vignetting; a lesion whose shape and colour carry the class; a ruler-like marking (the shortcut).
 * Images are float RGB (0..255) until they are quantised for writing.
 */
import type { SeededRandom } from './random';

/** A float RGB canvas. */
export interface Canvas {
  width: number;
  height: number;
  rgb: Float32Array;
}

/** How a "hospital" photographs skin. */
export interface DomainStyle {
  skin: [number, number, number];
  /** Brightness change across the image along `lightAngle` (0 = flat). */
  illumination: number;
  lightAngle: number;
  /** Darkening towards the corners (0 = none, 1 = black corners), like a dermatoscope's field. */
  vignette: number;
  noise: number;
  /**
   * How this hospital's camera renders lesions (absent: as the source hospital's). With it, the
   * lesion also takes the domain's lighting and vignetting, as a real photograph would.
   */
  lesion?: LesionLook;
}

/** A domain's rendering of lesion colours (the evidence experiment's harder task). */
export interface LesionLook {
  /** Per-channel gain on the class colours. */
  gain: [number, number, number];
  /** How far the malignant blue-grey blotches stand out from the lesion (1 = the source's). */
  blotchContrast: number;
}

/** The lighting gain of the skin at (x, y): illumination along lightAngle times vignetting. */
function lightingGain(
  style: DomainStyle,
  x: number,
  y: number,
  width: number,
  height: number,
): number {
  const u = (x / (width - 1)) * 2 - 1;
  const v = (y / (height - 1)) * 2 - 1;
  const light =
    1 +
    style.illumination * 0.5 * (u * Math.cos(style.lightAngle) + v * Math.sin(style.lightAngle));
  const r2 = (u * u + v * v) / 2;
  return Math.max(0, light * (1 - style.vignette * r2 * r2 * 1.6));
}

/** The lesion's geometry; its mask is exactly the pixels {@link insideLesion} accepts. */
export interface LesionShape {
  cx: number;
  cy: number;
  radius: number;
  /** Border irregularity: amplitudes of angular harmonics 2..6. */
  harmonics: number[];
  phases: number[];
  malignant: boolean;
}

export function blankCanvas(width: number, height: number): Canvas {
  return { width, height, rgb: new Float32Array(width * height * 3) };
}

/** Fills the canvas with skin in the given style. */
export function paintSkin(canvas: Canvas, style: DomainStyle, random: SeededRandom): void {
  const { width, height, rgb } = canvas;
  const dx = Math.cos(style.lightAngle);
  const dy = Math.sin(style.lightAngle);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = (x / (width - 1)) * 2 - 1;
      const v = (y / (height - 1)) * 2 - 1;
      const light = 1 + style.illumination * 0.5 * (u * dx + v * dy);
      const r2 = (u * u + v * v) / 2;
      const vignette = 1 - style.vignette * r2 * r2 * 1.6;
      const grain = 1 + style.noise * random.normal();
      const gain = Math.max(0, light * vignette * grain);
      const i = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) rgb[i + c] = (style.skin[c] ?? 0) * gain;
    }
  }
}

/** True when (x, y) lies inside the lesion (radius modulated by the angular harmonics). */
export function insideLesion(shape: LesionShape, x: number, y: number): boolean {
  const ddx = x - shape.cx;
  const ddy = y - shape.cy;
  const angle = Math.atan2(ddy, ddx);
  let radius = shape.radius;
  shape.harmonics.forEach((amplitude, n) => {
    radius += shape.radius * amplitude * Math.sin((n + 2) * angle + (shape.phases[n] ?? 0));
  });
  return ddx * ddx + ddy * ddy <= radius * radius;
}

/** The malignant blotches' blue-grey. */
const BLOTCH = [70, 72, 95] as const;

/**
 * Draws a lesion with its class's look and returns its mask (1 = lesion). With a `style` that has
 * a lesion look, the colours take its gain and the domain's lighting.
 */
export function paintLesion(
  canvas: Canvas,
  shape: LesionShape,
  random: SeededRandom,
  style?: DomainStyle,
): Uint8Array {
  const { width, height, rgb } = canvas;
  const mask = new Uint8Array(width * height);
  // Benign: even mid-brown. Malignant: darker with blue-grey blotches (the label-carrying cue).
  const base = shape.malignant ? [92, 58, 48] : [150, 100, 70];
  const blotches = shape.malignant
    ? Array.from({ length: 4 }, () => ({
        x: shape.cx + random.range(-0.5, 0.5) * shape.radius,
        y: shape.cy + random.range(-0.5, 0.5) * shape.radius,
        r: shape.radius * random.range(0.2, 0.4),
      }))
    : [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!insideLesion(shape, x, y)) continue;
      const i = y * width + x;
      mask[i] = 1;
      const d = Math.hypot(x - shape.cx, y - shape.cy) / shape.radius;
      const shade = 1 - 0.25 * (1 - Math.min(1, d));
      const inBlotch = blotches.some((b) => Math.hypot(x - b.x, y - b.y) < b.r);
      const look = style?.lesion;
      const contrast = look?.blotchContrast ?? 1;
      const gain = look ? lightingGain(style, x, y, width, height) : 1;
      for (let c = 0; c < 3; c++) {
        const colour = inBlotch
          ? (base[c] ?? 0) + contrast * ((BLOTCH[c] ?? 0) - (base[c] ?? 0))
          : (base[c] ?? 0);
        rgb[i * 3 + c] = colour * (look?.gain[c] ?? 1) * gain * shade + 4 * random.normal();
      }
    }
  }
  return mask;
}

/**
 * Draws a ruler-like marking (a dark bar with tick marks) along one image edge, on the side
 * farthest from the lesion so it never overlaps the key region.
 */
export function paintRuler(canvas: Canvas, lesion: LesionShape, random: SeededRandom): void {
  const { width, height, rgb } = canvas;
  const horizontal = random.chance(0.5);
  const thickness = Math.max(2, Math.round(Math.min(width, height) * 0.025));
  const margin = Math.round(Math.min(width, height) * 0.06);
  const along = horizontal ? width : height;
  const lesionAcross = horizontal ? lesion.cy / height : lesion.cx / width;
  const across = lesionAcross > 0.5 ? margin : (horizontal ? height : width) - margin - thickness;
  const tickEvery = Math.max(4, Math.round(along / 16));
  const start = Math.round(along * random.range(0.05, 0.2));
  const end = Math.round(along * random.range(0.8, 0.95));
  const paint = (a: number, b: number): void => {
    const x = horizontal ? a : b;
    const y = horizontal ? b : a;
    if (x < 0 || y < 0 || x >= width || y >= height || insideLesion(lesion, x, y)) return;
    const i = (y * width + x) * 3;
    rgb[i] = 30;
    rgb[i + 1] = 30;
    rgb[i + 2] = 35;
  };
  for (let a = start; a < end; a++) {
    for (let t = 0; t < thickness; t++) paint(a, across + t);
    if ((a - start) % tickEvery === 0) {
      const direction = across === margin ? 1 : -1;
      for (let t = 0; t < thickness * 3; t++)
        paint(a, across + (direction > 0 ? thickness + t : -1 - t));
    }
  }
}

/** A random lesion of the given class, placed away from the image border. */
export function randomLesion(
  width: number,
  height: number,
  malignant: boolean,
  random: SeededRandom,
): LesionShape {
  const size = Math.min(width, height);
  const irregularity = malignant ? 0.12 : 0.03;
  return {
    cx: width / 2 + random.range(-0.12, 0.12) * size,
    cy: height / 2 + random.range(-0.12, 0.12) * size,
    radius: size * random.range(0.16, 0.22),
    harmonics: Array.from({ length: 5 }, () => random.range(0, irregularity)),
    phases: Array.from({ length: 5 }, () => random.range(0, 2 * Math.PI)),
    malignant,
  };
}

/** Quantises a float canvas to 8-bit RGB. */
export function toBytes(canvas: Canvas): Uint8Array {
  const out = new Uint8Array(canvas.rgb.length);
  for (let i = 0; i < out.length; i++)
    out[i] = Math.max(0, Math.min(255, Math.round(canvas.rgb[i] ?? 0)));
  return out;
}
