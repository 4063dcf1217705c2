import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SourceChangeCheck, fingerprintSource } from '../../../src/core/jobs/sourceFingerprint';

function fileWith(content: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'mmp-fingerprint-')), 'source.png');
  writeFileSync(file, content);
  return file;
}

/** Sets the file's modification time `deltaMs` away from its current one. */
function shiftTime(file: string, deltaMs: number): void {
  const time = new Date(statSync(file).mtimeMs + deltaMs);
  utimesSync(file, time, time);
}

test('fingerprintSource records size, modification time and the SHA-256 of the bytes', async () => {
  const file = fileWith('source bytes');
  assert.deepEqual(await fingerprintSource(file), {
    size: 12,
    mtimeMs: statSync(file).mtimeMs,
    sha256: createHash('sha256').update('source bytes').digest('hex'),
  });
  assert.equal(await fingerprintSource(path.join(path.dirname(file), 'missing.png')), undefined);
});

test('same size, new time and different bytes is a content change (the hash decides)', async () => {
  const file = fileWith('AAAA');
  const recorded = await fingerprintSource(file);
  assert.ok(recorded);
  writeFileSync(file, 'BBBB');
  shiftTime(file, 5_000);
  assert.equal(statSync(file).size, recorded.size);
  assert.deepEqual(await new SourceChangeCheck().compare(file, recorded), { change: 'content' });
});

test('same size and time is unchanged without reading; a size change needs no hash either', async () => {
  const file = fileWith('AAAA');
  const recorded = await fingerprintSource(file);
  assert.ok(recorded);
  // A wrong recorded hash proves the fast path never hashed the file.
  const withWrongHash = { ...recorded, sha256: '0'.repeat(64) };
  assert.deepEqual(await new SourceChangeCheck().compare(file, withWrongHash), {
    change: null,
    fingerprint: withWrongHash,
  });
  assert.deepEqual(await new SourceChangeCheck().compare(file, { ...withWrongHash, size: 5 }), {
    change: 'size',
  });
});

test('a file that is gone is reported as missing; each file is examined once per check', async () => {
  const file = fileWith('AAAA');
  const recorded = await fingerprintSource(file);
  assert.ok(recorded);
  const check = new SourceChangeCheck();
  assert.equal((await check.compare(file, recorded)).change, null);
  rmSync(file);
  // Cached: the k items of one source get one answer, even if the file changes meanwhile.
  assert.equal((await check.compare(file, recorded)).change, null);
  assert.deepEqual(await new SourceChangeCheck().compare(file, recorded), { change: 'missing' });
});
