/**
 * Run-length decoding as CheXmask uses it (its DataPostprocessing/utils.py): space-separated
 * "start length" pairs, starts 1-based, over the mask flattened row by row (C order, not the
 * column-major order of some Kaggle encodings).
 */
import type { BinaryMask } from '../image/rawImage';

/** A malformed RLE string, with the reason. */
export class RleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RleError';
  }
}

/** Decode a CheXmask RLE string into a width x height mask (1 = organ). Empty string = empty mask. */
export function decodeRle(rle: string, width: number, height: number): BinaryMask {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RleError(`mask size must be positive integers, got ${width}x${height}`);
  }
  const total = width * height;
  const data = new Uint8Array(total);
  const text = rle.trim();
  if (text === '') return { width, height, data };
  const numbers = text.split(/\s+/);
  if (numbers.length % 2 !== 0)
    throw new RleError(`RLE has an odd number of values (${numbers.length})`);
  let previousEnd = 0;
  for (let i = 0; i < numbers.length; i += 2) {
    const start = Number(numbers[i]);
    const length = Number(numbers[i + 1]);
    if (!Number.isInteger(start) || !Number.isInteger(length) || start < 1 || length < 0) {
      throw new RleError(
        `RLE pair ${i / 2 + 1} ("${numbers[i]} ${numbers[i + 1]}") is not a 1-based start and a length`,
      );
    }
    const begin = start - 1;
    const end = begin + length;
    if (end > total) {
      throw new RleError(
        `RLE run ${i / 2 + 1} ends at pixel ${end}, past the ${width}x${height} mask (${total} pixels)`,
      );
    }
    if (begin < previousEnd)
      throw new RleError(`RLE runs overlap or are out of order at pair ${i / 2 + 1}`);
    data.fill(1, begin, end);
    previousEnd = end;
  }
  return { width, height, data };
}
