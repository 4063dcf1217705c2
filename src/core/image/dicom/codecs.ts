/**
 * The compressed-pixel decoders: cornerstone's WebAssembly builds of libjpeg-turbo (JPEG
 * baseline), CharLS (JPEG-LS) and OpenJPEG (JPEG 2000), jpeg-lossless-decoder-js (JPEG lossless,
 * process 14) and our RLE decoder. Each WebAssembly module is instantiated once, on first use.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import charlsFactory from '@cornerstonejs/codec-charls/decodewasmjs';
import libjpegFactory from '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs';
import openjpegFactory from '@cornerstonejs/codec-openjpeg/decodewasmjs';
import { Decoder as JpegLosslessDecoder } from 'jpeg-lossless-decoder-js';
import { decodeRleFrame } from './rleDecoder';
import type { PixelEncoding } from './transferSyntax';

/** The size and sample layout a decoded frame must have. */
export interface FrameGeometry {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
}

/** A decoded frame: little-endian interleaved samples, and whether the codec already made RGB. */
export interface DecodedFrame {
  bytes: Uint8Array;
  /** JPEG baseline and JPEG 2000 apply their own colour transform: YBR input comes out as RGB. */
  convertedToRgb: boolean;
}

/** The WebAssembly files esbuild.mjs copies to dist/codecs, with the package path they come from. */
export const CODEC_WASM_FILES = {
  charls: ['charlswasm_decode.wasm', '@cornerstonejs/codec-charls/decodewasm'],
  libjpeg: ['libjpegturbowasm_decode.wasm', '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasm'],
  openjpeg: ['openjpegwasm_decode.wasm', '@cornerstonejs/codec-openjpeg/decodewasm'],
} as const;

/**
 * The module's bytes: beside the bundle (dist/codecs, what the VSIX ships) or from node_modules
 * (tests run the sources). Passing the bytes in stops Emscripten looking next to the bundle.
 */
function wasmBinary(codec: keyof typeof CODEC_WASM_FILES): Uint8Array {
  const [file, request] = CODEC_WASM_FILES[codec];
  const bundled = path.join(__dirname, 'codecs', file);
  return readFileSync(existsSync(bundled) ? bundled : require.resolve(request));
}

// OpenJPEG prints "[INFO] ..." lines through Emscripten's console hooks; stdout belongs to the CLI.
const quiet = { print: (): void => undefined, printErr: (): void => undefined };

type Loaded<T> = () => Promise<T>;
function once<T>(load: () => Promise<T>): Loaded<T> {
  let pending: Promise<T> | undefined;
  return () => (pending ??= load());
}

const charls = once(() => charlsFactory({ ...quiet, wasmBinary: wasmBinary('charls') }));
const libjpeg = once(() => libjpegFactory({ ...quiet, wasmBinary: wasmBinary('libjpeg') }));
const openjpeg = once(() => openjpegFactory({ ...quiet, wasmBinary: wasmBinary('openjpeg') }));

/** Runs a cornerstone decoder on one frame and checks what it produced. */
function runDecoder(
  decoder: CornerstoneDecoder,
  frame: Uint8Array,
  want: FrameGeometry,
): Uint8Array {
  try {
    decoder.getEncodedBuffer(frame.length).set(frame);
    decoder.decode();
    const info = decoder.getFrameInfo();
    if (info.width !== want.columns || info.height !== want.rows) {
      throw new Error(
        `the compressed frame is ${info.width}x${info.height} but the header says ${want.columns}x${want.rows}`,
      );
    }
    if (info.componentCount !== want.samplesPerPixel) {
      throw new Error(
        `the compressed frame has ${info.componentCount} components, the header says ${want.samplesPerPixel}`,
      );
    }
    const bytesPerSample = info.bitsPerSample > 8 ? 2 : 1;
    if (bytesPerSample * 8 !== want.bitsAllocated) {
      throw new Error(
        `the compressed frame has ${info.bitsPerSample}-bit samples, the header allocates ${want.bitsAllocated} bits`,
      );
    }
    return decoder.getDecodedBuffer().slice();
  } finally {
    decoder.delete();
  }
}

/**
 * Decodes one encapsulated frame to native samples.
 * @throws Error saying what does not fit (the caller adds the file name).
 */
export async function decodeCompressedFrame(
  encoding: PixelEncoding,
  frame: Uint8Array,
  geometry: FrameGeometry,
): Promise<DecodedFrame> {
  const { rows, columns, samplesPerPixel, bitsAllocated } = geometry;
  switch (encoding) {
    case 'rle':
      return {
        bytes: decodeRleFrame(frame, rows, columns, samplesPerPixel, bitsAllocated / 8),
        convertedToRgb: false,
      };
    case 'jpegBaseline': {
      if (bitsAllocated !== 8)
        throw new Error('12-bit JPEG Extended (Process 4) is not supported; only 8-bit JPEG');
      const codec = await libjpeg();
      return { bytes: runDecoder(new codec.JPEGDecoder(), frame, geometry), convertedToRgb: true };
    }
    case 'jpegLs': {
      const codec = await charls();
      return {
        bytes: runDecoder(new codec.JpegLSDecoder(), frame, geometry),
        convertedToRgb: false,
      };
    }
    case 'jpeg2000': {
      const codec = await openjpeg();
      return { bytes: runDecoder(new codec.J2KDecoder(), frame, geometry), convertedToRgb: true };
    }
    case 'jpegLossless': {
      const decoder = new JpegLosslessDecoder();
      const copy = frame.slice();
      const decoded = decoder.decode(copy.buffer, 0, copy.length, bitsAllocated / 8);
      if (decoder.xDim !== columns || decoder.yDim !== rows || decoder.numComp !== samplesPerPixel)
        throw new Error('the JPEG lossless frame does not match the image header');
      return { bytes: new Uint8Array(decoded), convertedToRgb: false };
    }
    case 'littleEndian':
    case 'bigEndian':
    case 'unsupported':
      throw new Error(`no codec for ${encoding} pixel data`);
  }
}
