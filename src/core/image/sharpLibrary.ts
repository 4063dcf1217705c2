/**
 * sharp (libvips), loaded on first use. The CLI's `--version` and `--help`, and every command that
 * never touches pixels, start without loading the native library (tens of milliseconds and
 * several MB of shared objects); the first call that decodes or encodes an image loads it.
 */
import type Sharp from 'sharp';

/** The sharp module's default export. */
export type SharpLibrary = typeof Sharp;

let library: SharpLibrary | undefined;

/** The sharp library, loaded by the first call. */
export function sharpLibrary(): SharpLibrary {
  // A static import would load the native module when the bundle starts (see the file comment).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  library ??= require('sharp') as SharpLibrary;
  return library;
}

/** `sharp(input, options)`, loading the library on first use. */
export function sharp(...args: Parameters<SharpLibrary>): Sharp.Sharp {
  return sharpLibrary()(...args);
}
