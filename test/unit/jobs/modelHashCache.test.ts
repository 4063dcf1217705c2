import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelHashCache, RECENT_CHANGE_MS } from '../../../src/core/jobs/modelHashCache';
import { hashModel, identifyModel } from '../../../src/core/jobs/modelIdentity';
import { freshTempDirs } from '../helpers/tempDir';

const tmp = freshTempDirs('hash-cache');
const sha = (text: string): string => createHash('sha256').update(text).digest('hex');
/** A clock late enough that every file written by the test counts as changed long ago. */
const later = (): number => Date.now() + 10 * RECENT_CHANGE_MS;

/** Replaces the remembered hash of `file` in the cache file, keeping its fingerprint. */
function tamper(cacheFile: string, file: string, sha256: string): void {
  const content = JSON.parse(readFileSync(cacheFile, 'utf8')) as {
    files: Record<string, { sha256: string }>;
  };
  const entry = content.files[file];
  assert.ok(entry, `${file} is remembered`);
  entry.sha256 = sha256;
  writeFileSync(cacheFile, JSON.stringify(content));
}

test('an unchanged file is not read again: the remembered hash is used', async () => {
  const dir = tmp();
  const file = join(dir, 'unet.onnx');
  writeFileSync(file, 'weights');
  const cacheFile = join(dir, 'cache', 'model-hashes.json');
  const first = new ModelHashCache(cacheFile, later);
  assert.equal(await first.sha256(file), sha('weights'));
  await first.save();
  // Proof that the second run reads the cache, not the file: a remembered value it cannot compute.
  tamper(cacheFile, file, 'f'.repeat(64));
  assert.equal(await new ModelHashCache(cacheFile, later).sha256(file), 'f'.repeat(64));
});

test('a changed file is hashed again: new size, new times or a new inode', async () => {
  const dir = tmp();
  const file = join(dir, 'model.onnx');
  const cacheFile = join(dir, 'model-hashes.json');
  const remember = async (content: string): Promise<void> => {
    writeFileSync(file, content);
    const cache = new ModelHashCache(cacheFile, later);
    assert.equal(await cache.sha256(file), sha(content));
    await cache.save();
    tamper(cacheFile, file, '0'.repeat(64));
  };
  await remember('aaaa');
  writeFileSync(file, 'aaaaa');
  assert.equal(await new ModelHashCache(cacheFile, later).sha256(file), sha('aaaaa'), 'size');
  await remember('bbbb');
  writeFileSync(file, 'cccc');
  utimesSync(file, new Date(2001, 0, 1), new Date(2001, 0, 1));
  assert.equal(await new ModelHashCache(cacheFile, later).sha256(file), sha('cccc'), 'times');
  await remember('dddd');
  writeFileSync(join(dir, 'next'), 'eeee');
  renameSync(join(dir, 'next'), file);
  assert.equal(await new ModelHashCache(cacheFile, later).sha256(file), sha('eeee'), 'inode');
});

test('a file changed moments ago is hashed but not remembered (a same-size rewrite could hide)', async () => {
  const dir = tmp();
  const file = join(dir, 'model.onnx');
  writeFileSync(file, 'fresh');
  const cacheFile = join(dir, 'model-hashes.json');
  const cache = new ModelHashCache(cacheFile, () => Date.now());
  assert.equal(await cache.sha256(file), sha('fresh'));
  await cache.save();
  assert.throws(() => readFileSync(cacheFile), /ENOENT/, 'nothing was worth writing');
});

test('an unreadable cache is ignored and one that cannot be written costs nothing', async () => {
  const dir = tmp();
  const file = join(dir, 'model.onnx');
  writeFileSync(file, 'weights');
  const corrupt = join(dir, 'corrupt.json');
  writeFileSync(corrupt, '{ not json');
  assert.equal(await new ModelHashCache(corrupt, later).sha256(file), sha('weights'));
  const blocked = new ModelHashCache(join(file, 'below-a-file', 'cache.json'), later);
  assert.equal(await blocked.sha256(file), sha('weights'));
  await blocked.save();
});

test('a folder hashes the same with and without the cache, and is identified with its id', async () => {
  const dir = tmp();
  const folder = join(dir, 'sd');
  mkdirSync(join(folder, 'unet'), { recursive: true });
  writeFileSync(join(folder, 'model_index.json'), '{}');
  writeFileSync(join(folder, 'unet', 'model.onnx'), 'unet');
  const cache = new ModelHashCache(join(dir, 'model-hashes.json'), later);
  const plain = await hashModel(folder);
  assert.equal(await hashModel(folder, cache), plain);
  assert.deepEqual(await identifyModel({ path: folder, id: 'sd15' }, cache), {
    id: 'sd15',
    sha256: plain,
  });
  const saved = JSON.parse(readFileSync(join(dir, 'model-hashes.json'), 'utf8')) as {
    files: Record<string, unknown>;
  };
  assert.deepEqual(Object.keys(saved.files).sort(), [
    join(folder, 'model_index.json'),
    join(folder, 'unet', 'model.onnx'),
  ]);
  assert.equal(await identifyModel(undefined, cache), null, 'no model, no identity');
});
