/**
 * Type declarations for the parts of the DICOM libraries this folder uses; none of them ships its
 * own. Kept to what is called, so a library change that breaks a call shows up as a type error
 * here rather than as `any` spreading through the code.
 */
declare module 'dcmjs' {
  /** One element of a dataset as dcmjs stores it before naturalizing. */
  interface DicomElement {
    vr: string;
    Value?: unknown[];
  }
  /** A parsed Part 10 file: the file meta group and the dataset, keyed by 8-hex-digit tags. */
  class DicomDict {
    constructor(meta: Record<string, DicomElement>);
    meta: Record<string, DicomElement>;
    dict: Record<string, DicomElement>;
    write(options?: { allowInvalidVRLength?: boolean }): ArrayBuffer;
  }
  const data: {
    DicomMessage: {
      readFile(
        buffer: ArrayBuffer,
        options?: { ignoreErrors?: boolean; untilTag?: string; includeUntilTagValue?: boolean },
      ): DicomDict;
    };
    DicomDict: typeof DicomDict;
    DicomMetaDictionary: {
      naturalizeDataset(dict: Record<string, DicomElement>): Record<string, unknown>;
      denaturalizeDataset(dataset: Record<string, unknown>): Record<string, DicomElement>;
    };
  };
  interface Logger {
    setLevel(level: 'silent' | 'error' | 'warn' | 'info'): void;
    /** The current level (loglevel's numbers: 0 trace ... 4 error, 5 silent). */
    getLevel(): number;
    getLogger(name: string): Logger;
  }
  const log: Logger;
  export { data, log, DicomDict, DicomElement };
}

/** What the cornerstone codec decoders report about a decoded frame. */
interface CornerstoneFrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned?: boolean;
}

/** The decoder classes of the cornerstone codecs share this shape (embind objects). */
interface CornerstoneDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getFrameInfo(): CornerstoneFrameInfo;
  getDecodedBuffer(): Uint8Array;
  delete(): void;
}

/** Emscripten module options the codecs accept (the wasm bytes, and silenced console output). */
interface EmscriptenOptions {
  wasmBinary?: Uint8Array;
  print?: (text: string) => void;
  printErr?: (text: string) => void;
}

declare module '@cornerstonejs/codec-charls/decodewasmjs' {
  const factory: (
    options?: EmscriptenOptions,
  ) => Promise<{ JpegLSDecoder: new () => CornerstoneDecoder }>;
  export default factory;
}
declare module '@cornerstonejs/codec-openjpeg/decodewasmjs' {
  const factory: (
    options?: EmscriptenOptions,
  ) => Promise<{ J2KDecoder: new () => CornerstoneDecoder }>;
  export default factory;
}
declare module '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs' {
  const factory: (
    options?: EmscriptenOptions,
  ) => Promise<{ JPEGDecoder: new () => CornerstoneDecoder }>;
  export default factory;
}
declare module 'jpeg-lossless-decoder-js' {
  class Decoder {
    numComp: number;
    xDim: number;
    yDim: number;
    decode(buffer: ArrayBuffer, offset: number, length: number, numBytes: number): ArrayBuffer;
  }
  export { Decoder };
}
