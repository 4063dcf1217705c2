/**
 * The transfer syntaxes a DICOM file may use, and how this product reads each one: natively
 * (uncompressed little or big endian, deflated), through a codec, or not at all, with a name a
 * person can look up when a file is refused.
 */

/** How the pixel data of a transfer syntax is decoded. */
export type PixelEncoding =
  | 'littleEndian'
  | 'bigEndian'
  | 'rle'
  | 'jpegBaseline'
  | 'jpegLossless'
  | 'jpegLs'
  | 'jpeg2000'
  | 'unsupported';

/** One transfer syntax: its UID, its name in PS3.6, and how its pixels are decoded. */
export interface TransferSyntax {
  uid: string;
  name: string;
  encoding: PixelEncoding;
}

const KNOWN: readonly TransferSyntax[] = [
  { uid: '1.2.840.10008.1.2', name: 'Implicit VR Little Endian', encoding: 'littleEndian' },
  { uid: '1.2.840.10008.1.2.1', name: 'Explicit VR Little Endian', encoding: 'littleEndian' },
  {
    uid: '1.2.840.10008.1.2.1.99',
    name: 'Deflated Explicit VR Little Endian',
    encoding: 'littleEndian',
  },
  { uid: '1.2.840.10008.1.2.2', name: 'Explicit VR Big Endian', encoding: 'bigEndian' },
  { uid: '1.2.840.10008.1.2.5', name: 'RLE Lossless', encoding: 'rle' },
  { uid: '1.2.840.10008.1.2.4.50', name: 'JPEG Baseline (Process 1)', encoding: 'jpegBaseline' },
  // 8-bit Process 2/4 streams decode like baseline; 12-bit ones are refused by the frame check.
  {
    uid: '1.2.840.10008.1.2.4.51',
    name: 'JPEG Extended (Process 2 & 4)',
    encoding: 'jpegBaseline',
  },
  {
    uid: '1.2.840.10008.1.2.4.57',
    name: 'JPEG Lossless, Non-Hierarchical (Process 14)',
    encoding: 'jpegLossless',
  },
  {
    uid: '1.2.840.10008.1.2.4.70',
    name: 'JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])',
    encoding: 'jpegLossless',
  },
  { uid: '1.2.840.10008.1.2.4.80', name: 'JPEG-LS Lossless', encoding: 'jpegLs' },
  { uid: '1.2.840.10008.1.2.4.81', name: 'JPEG-LS Lossy (Near-Lossless)', encoding: 'jpegLs' },
  { uid: '1.2.840.10008.1.2.4.90', name: 'JPEG 2000 (Lossless Only)', encoding: 'jpeg2000' },
  { uid: '1.2.840.10008.1.2.4.91', name: 'JPEG 2000', encoding: 'jpeg2000' },
  {
    uid: '1.2.840.10008.1.2.4.100',
    name: 'MPEG2 Main Profile @ Main Level',
    encoding: 'unsupported',
  },
  {
    uid: '1.2.840.10008.1.2.4.102',
    name: 'MPEG-4 AVC/H.264 High Profile',
    encoding: 'unsupported',
  },
  { uid: '1.2.840.10008.1.2.4.110', name: 'JPEG XL Lossless', encoding: 'unsupported' },
  {
    uid: '1.2.840.10008.1.2.4.201',
    name: 'High-Throughput JPEG 2000 (Lossless Only)',
    encoding: 'unsupported',
  },
  { uid: '1.2.840.10008.1.2.4.203', name: 'High-Throughput JPEG 2000', encoding: 'unsupported' },
];

const BY_UID = new Map(KNOWN.map((syntax) => [syntax.uid, syntax]));

/** The transfer syntax of a UID; unknown UIDs are 'unsupported' and named by their UID. */
export function transferSyntaxOf(uid: string): TransferSyntax {
  return (
    BY_UID.get(uid) ?? { uid, name: `unknown transfer syntax ${uid}`, encoding: 'unsupported' }
  );
}

/** True for transfer syntaxes whose pixel data is encapsulated (compressed fragments). */
export function isEncapsulated(syntax: TransferSyntax): boolean {
  return syntax.encoding !== 'littleEndian' && syntax.encoding !== 'bigEndian';
}
