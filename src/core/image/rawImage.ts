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

/** A soft mask, 0..1 per pixel (1 = fully the source's key region), for feathered blends. */
export interface AlphaMask {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}
