/**
 * The in-memory image every part of the core works on: interleaved samples, row-major,
 * top-left origin, EXIF orientation already applied.
 */
export type BitDepth = 8 | 16;

/** 1 = grey, 2 = grey + alpha, 3 = RGB, 4 = RGBA. */
export type ChannelCount = 1 | 2 | 3 | 4;

export interface RawImage {
  readonly width: number;
  readonly height: number;
  readonly channels: ChannelCount;
  readonly bitDepth: BitDepth;
  /** Uint8Array when bitDepth is 8, Uint16Array when 16; length = width * height * channels. */
  readonly data: Uint8Array | Uint16Array;
}

/**
 * A key-region mask at image resolution: 1 = key region (label-carrying, kept), 0 = outside.
 * Always binary; soft edges live in {@link AlphaMask}.
 */
export interface BinaryMask {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** An inclusive pixel rectangle. */
export interface AlphaBounds {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/** A soft mask, 0..1 per pixel (1 = fully the source's key region), for feathered blends. */
export interface AlphaMask {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
  /**
   * Every alpha outside this rectangle is 0. Set only by the producer that knows where it wrote
   * (maskOps' feather and featherOutside), so readers of a small key region in a large image skip
   * the rest; absent, any pixel may be non-zero. Code that changes `data` must drop it.
   */
  readonly bounds?: AlphaBounds;
}

/** Where `alpha` may be non-zero: its bounds, or the whole image. */
export function alphaBounds(alpha: AlphaMask): AlphaBounds {
  return alpha.bounds ?? { x0: 0, y0: 0, x1: alpha.width - 1, y1: alpha.height - 1 };
}
