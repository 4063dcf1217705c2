/**
 * Wheel-shaped zip archives built by the tests (yazl): the files they are given plus a
 * `<name>-<version>.dist-info/RECORD` with each file's SHA-256, as pip's wheels have.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yazl from 'yazl';

export interface WheelContents {
  [path: string]: Buffer;
}

/** RECORD's hash notation: sha256=<urlsafe base64 without padding>. */
function recordHash(bytes: Buffer): string {
  return `sha256=${createHash('sha256').update(bytes).digest('base64url')}`;
}

/**
 * The bytes of a wheel named `filename` holding `files`. `damageRecordFor` lists paths whose RECORD
 * hash is wrong (a damaged archive).
 */
export function wheelBytes(
  filename: string,
  files: WheelContents,
  damageRecordFor: string[] = [],
): Promise<Buffer> {
  const [name, version] = filename.split('-');
  const zip = new yazl.ZipFile();
  const record: string[] = [];
  for (const [path, bytes] of Object.entries(files)) {
    zip.addBuffer(bytes, path);
    const hash = damageRecordFor.includes(path)
      ? recordHash(Buffer.from('other'))
      : recordHash(bytes);
    record.push(`${path},${hash},${bytes.length}`);
  }
  const recordPath = `${name}-${version}.dist-info/RECORD`;
  record.push(`${recordPath},,`);
  zip.addBuffer(Buffer.from(record.join('\n') + '\n'), recordPath);
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.once('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.once('error', reject);
  });
}

/** Writes a wheel into `folder` and returns its path. */
export async function writeWheel(
  folder: string,
  filename: string,
  files: WheelContents,
): Promise<string> {
  const path = join(folder, filename);
  writeFileSync(path, await wheelBytes(filename, files));
  return path;
}

/** Distinct bytes standing in for a shared library. */
export function fakeLibrary(name: string, size = 4096): Buffer {
  return Buffer.from(
    Array.from(
      { length: size },
      (_, i) => (i * 31 + name.length * 7 + name.charCodeAt(i % name.length)) & 0xff,
    ),
  );
}

/** A stand-in onnxruntime-gpu wheel with the two provider libraries and the Python parts. */
export function providerWheelFiles(): WheelContents {
  return {
    'onnxruntime/capi/libonnxruntime_providers_cuda.so': fakeLibrary('cuda', 64 * 1024),
    'onnxruntime/capi/libonnxruntime_providers_shared.so': fakeLibrary('shared'),
    'onnxruntime/capi/libonnxruntime_providers_tensorrt.so': fakeLibrary('tensorrt'),
    'onnxruntime/capi/onnxruntime_pybind11_state.so': fakeLibrary('python'),
    'onnxruntime/__init__.py': Buffer.from('# python\n'),
  };
}

/** A stand-in NVIDIA runtime wheel with a library under nvidia/<component>/lib. */
export function runtimeWheelFiles(component: string, libraries: string[]): WheelContents {
  const files: WheelContents = { [`nvidia/${component}/__init__.py`]: Buffer.from('') };
  for (const library of libraries)
    files[`nvidia/${component}/lib/${library}`] = fakeLibrary(library);
  files[`nvidia/${component}/include/header.h`] = Buffer.from('/* header */\n');
  return files;
}
