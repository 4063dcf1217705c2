import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DecodedFiles } from '../../../src/core/jobs/decodedFiles';

/** Runs `body` with a fresh temporary folder, removed afterwards. */
async function inFolder(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mmp-decoded-'));
  try {
    await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A "decoder" that counts its calls and returns the file's bytes. */
function counting(): { read: (path: string) => () => Promise<Uint8Array>; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    read: (path) => () => {
      calls.push(path);
      return Promise.resolve(new Uint8Array(readFileSync(path)));
    },
  };
}

test('a file is decoded once while it is unchanged; its settings are part of the key', () =>
  inFolder(async (dir) => {
    const a = join(dir, 'a.bin');
    writeFileSync(a, 'aaaa');
    const cache = new DecodedFiles<Uint8Array>((v) => v.byteLength);
    const { read, calls } = counting();
    const first = await cache.get(a, 's1', read(a));
    assert.equal(await cache.get(a, 's1', read(a)), first);
    assert.equal(calls.length, 1);
    await cache.get(a, 's2', read(a));
    assert.equal(calls.length, 2, 'other settings: another decode');
    // Rewritten with other bytes: read again.
    writeFileSync(a, 'bbbbbb');
    const second = await cache.get(a, 's1', read(a));
    assert.equal(calls.length, 3);
    assert.equal(Buffer.from(second).toString(), 'bbbbbb');
    // Same size, new modification time: read again too.
    writeFileSync(a, 'cccccc');
    utimesSync(a, new Date(), new Date(Date.now() + 5000));
    assert.equal(Buffer.from(await cache.get(a, 's1', read(a))).toString(), 'cccccc');
    assert.equal(calls.length, 4);
  }));

test('items asking at once share one decode; a failed decode is not kept', () =>
  inFolder(async (dir) => {
    const a = join(dir, 'a.bin');
    writeFileSync(a, 'aaaa');
    const cache = new DecodedFiles<Uint8Array>((v) => v.byteLength);
    const { read, calls } = counting();
    const [x, y] = await Promise.all([cache.get(a, '', read(a)), cache.get(a, '', read(a))]);
    assert.equal(x, y);
    assert.equal(calls.length, 1);
    let attempts = 0;
    const failing = (): Promise<Uint8Array> => {
      attempts++;
      return Promise.reject(new Error('corrupt'));
    };
    await assert.rejects(cache.get(a, 'other', failing), /corrupt/);
    await assert.rejects(cache.get(a, 'other', failing), /corrupt/);
    assert.equal(attempts, 2, 'the failure was kept');
    // A missing file goes to the reader, whose own error the item reports.
    await assert.rejects(
      cache.get(join(dir, 'missing.bin'), '', () => Promise.reject(new Error('reader: missing'))),
      /reader: missing/,
    );
  }));

test('the byte bound drops the least recently used and never keeps what alone exceeds it', () =>
  inFolder(async (dir) => {
    const paths = ['a', 'b', 'c', 'big'].map((name) => join(dir, name));
    for (const [i, path] of paths.entries()) writeFileSync(path, 'x'.repeat(i === 3 ? 40 : 10));
    const [a, b, c, big] = paths as [string, string, string, string];
    const cache = new DecodedFiles<Uint8Array>((v) => v.byteLength, 25);
    const { read, calls } = counting();
    await cache.get(a, '', read(a));
    await cache.get(b, '', read(b));
    await cache.get(a, '', read(a)); // a is now the most recently used
    await cache.get(c, '', read(c)); // 30 bytes > 25: b goes
    assert.equal(cache.heldBytes, 20);
    assert.deepEqual(
      calls.map((p) => p.slice(dir.length + 1)),
      ['a', 'b', 'c'],
    );
    await cache.get(a, '', read(a));
    await cache.get(b, '', read(b));
    assert.deepEqual(
      calls.slice(3).map((p) => p.slice(dir.length + 1)),
      ['b'],
    );
    await cache.get(big, '', read(big));
    await cache.get(big, '', read(big));
    assert.equal(calls.filter((p) => p === big).length, 2, 'an entry over the bound was kept');
    assert.ok(cache.heldBytes <= 25);
  }));
