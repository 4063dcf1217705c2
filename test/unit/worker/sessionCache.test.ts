import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SessionCache } from '../../../src/worker/sessionCache';

/** A stand-in for loaded sessions that records its loading and release. */
function tracked(name: string, log: string[]): { name: string; dispose(): Promise<void> } {
  log.push(`load ${name}`);
  return { name, dispose: () => Promise.resolve(void log.push(`release ${name}`)) };
}

test('keeps one model per slot: reused for the same key, released before another is loaded', async () => {
  const log: string[] = [];
  const cache = new SessionCache<ReturnType<typeof tracked>>();
  const a = await cache.get('lama', 'a.onnx\ncpu', () => Promise.resolve(tracked('a', log)));
  assert.equal(await cache.get('lama', 'a.onnx\ncpu', () => Promise.reject(new Error('no'))), a);
  await cache.get('migan', 'm.onnx\ncpu', () => Promise.resolve(tracked('m', log)));
  await cache.get('lama', 'b.onnx\ncpu', () => Promise.resolve(tracked('b', log)));
  assert.deepEqual(log, ['load a', 'load m', 'release a', 'load b'], 'slots are independent');
  await assert.rejects(
    cache.get('lama', 'c.onnx\ncuda', () => Promise.reject(new Error('cannot load c'))),
    /cannot load c/,
  );
  await cache.get('lama', 'c.onnx\ncuda', () => Promise.resolve(tracked('c', log)));
  assert.deepEqual(log.slice(4), ['release b', 'load c'], 'a failed load keeps nothing');
  await cache.disposeAll();
  assert.deepEqual(log.slice(6).sort(), ['release c', 'release m']);
});
