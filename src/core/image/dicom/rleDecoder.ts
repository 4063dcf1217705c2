/**
 * DICOM RLE Lossless (PS3.5 Annex G). Written here because no maintained npm package decodes it
 * on its own (the cornerstone image loader's decoder is inside a browser bundle of several MB),
 * and the format is small: a 64-byte header of segment offsets, then one PackBits stream per
 * byte plane of each sample, most significant byte first.
 */

/**
 * Decodes one RLE frame into native little-endian interleaved samples
 * (`rows * columns * samplesPerPixel * bytesPerSample` bytes).
 * @throws Error when the header or a segment does not fit the frame.
 */
export function decodeRleFrame(
  frame: Uint8Array,
  rows: number,
  columns: number,
  samplesPerPixel: number,
  bytesPerSample: number,
): Uint8Array {
  if (frame.length < 64) throw new Error('RLE frame is shorter than its 64-byte header');
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const segments = view.getUint32(0, true);
  const expected = samplesPerPixel * bytesPerSample;
  if (segments !== expected) {
    throw new Error(`RLE frame has ${segments} segments, expected ${expected}`);
  }
  const pixels = rows * columns;
  const out = new Uint8Array(pixels * expected);
  for (let segment = 0; segment < segments; segment++) {
    const start = view.getUint32(4 + 4 * segment, true);
    const end = segment + 1 < segments ? view.getUint32(8 + 4 * segment, true) : frame.length;
    if (start < 64 || end > frame.length || start > end)
      throw new Error(`RLE segment ${segment + 1} lies outside the frame`);
    const sample = Math.floor(segment / bytesPerSample);
    // Segments hold the most significant byte plane first; native order is little-endian.
    const byteInSample = bytesPerSample - 1 - (segment % bytesPerSample);
    const plane = unpackBits(frame.subarray(start, end), pixels);
    const stride = expected;
    const offset = sample * bytesPerSample + byteInSample;
    for (let p = 0; p < pixels; p++) out[p * stride + offset] = plane[p] ?? 0;
  }
  return out;
}

/** PackBits: n >= 0 copies n+1 literal bytes, n in -127..-1 repeats the next byte 1-n times. */
function unpackBits(input: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let i = 0;
  let o = 0;
  while (i < input.length && o < length) {
    const n = ((input[i++] ?? 0) << 24) >> 24;
    if (n >= 0) {
      const count = Math.min(n + 1, length - o, input.length - i);
      out.set(input.subarray(i, i + count), o);
      i += n + 1;
      o += count;
    } else if (n !== -128) {
      const count = Math.min(1 - n, length - o);
      out.fill(input[i++] ?? 0, o, o + count);
      o += count;
    }
  }
  if (o < length) throw new Error(`RLE segment decodes to ${o} bytes, expected ${length}`);
  return out;
}
