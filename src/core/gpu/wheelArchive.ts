/**
 * Reads wheels (zip archives) with yauzl: lists their files and extracts the selected ones into a
 * folder, flat by file name, checking each against the SHA-256 the wheel's own RECORD lists (the
 * wheel as a whole has been verified against the index's digest before; this catches a damaged
 * archive). Entries are streamed: the CUDA provider library alone is 272 MB.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { basename, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as yauzl from 'yauzl';

/** A file taken out of a wheel. */
export interface ExtractedFile {
  /** Path inside the wheel. */
  source: string;
  /** File name in the destination folder. */
  name: string;
  sha256: string;
  size: number;
}

function open(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (error, zip) => {
      if (error) reject(new Error(`${basename(path)} is not a readable wheel: ${error.message}`));
      else resolve(zip);
    });
  });
}

async function entries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const all: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      all.push(entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(all));
    zip.once('error', reject);
    zip.readEntry();
  });
}

function readStream(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream)));
  });
}

/** RECORD's hashes: path -> lower-case hex SHA-256 (RECORD writes urlsafe base64 without padding). */
export function parseRecord(text: string): Map<string, string> {
  const hashes = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^(.*),sha256=([A-Za-z0-9_-]+),\d*$/.exec(line);
    if (match) hashes.set(match[1], Buffer.from(match[2], 'base64url').toString('hex'));
  }
  return hashes;
}

/**
 * Extracts the entries whose path matches `select` into `destination` (flat, by file name) and
 * checks each against RECORD. Throws when RECORD is missing, lists no hash for a selected file, or
 * a hash differs; two selected files with one name are refused too.
 */
export async function extractWheelFiles(
  path: string,
  select: RegExp,
  destination: string,
  onBytes?: (bytes: number) => void,
): Promise<ExtractedFile[]> {
  const zip = await open(path);
  try {
    const all = await entries(zip);
    const record = all.find((e) => /^[^/]+\.dist-info\/RECORD$/.test(e.fileName));
    if (!record) throw new Error(`${basename(path)} has no RECORD; it is not a complete wheel`);
    const hashes = parseRecord(await readText(zip, record));
    const chosen = all.filter((e) => select.test(e.fileName));
    const names = new Set<string>();
    const extracted: ExtractedFile[] = [];
    for (const entry of chosen) {
      const name = basename(entry.fileName);
      if (names.has(name)) throw new Error(`${basename(path)} holds two files named ${name}`);
      names.add(name);
      const expected = hashes.get(entry.fileName);
      if (expected === undefined)
        throw new Error(`${basename(path)}: RECORD lists no SHA-256 for ${entry.fileName}`);
      const hash = createHash('sha256');
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          hash.update(chunk);
          onBytes?.(chunk.length);
          callback(null, chunk);
        },
      });
      await pipeline(
        await readStream(zip, entry),
        counter,
        createWriteStream(join(destination, name)),
      );
      const sha256 = hash.digest('hex');
      if (sha256 !== expected)
        throw new Error(
          `${basename(path)}: ${entry.fileName} has SHA-256 ${sha256}, its RECORD says ${expected}`,
        );
      extracted.push({ source: entry.fileName, name, sha256, size: entry.uncompressedSize });
    }
    return extracted;
  } finally {
    zip.close();
  }
}

async function readText(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await readStream(zip, entry)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
