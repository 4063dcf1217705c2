/** The error every image reader throws, shared by the sharp path and the DICOM path. */

/** Stable reasons a file could not be decoded (see {@link ImageDecodeError}). */
export type ImageDecodeErrorCode =
  'empty' | 'truncated' | 'notAnImage' | 'tooManyPixels' | 'unsupported';

/** Why an image file could not be decoded; `code` is stable for callers, `message` is for people. */
export class ImageDecodeError extends Error {
  constructor(
    readonly code: ImageDecodeErrorCode,
    readonly path: string,
    cause: string,
  ) {
    super(`Cannot read image ${path}: ${cause}`);
    this.name = 'ImageDecodeError';
  }
}
