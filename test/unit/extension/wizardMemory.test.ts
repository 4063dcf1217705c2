import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recallAnswers, rememberAnswers } from '../../../src/extension/inpaint/wizardMemory';

type Memento = Parameters<typeof recallAnswers>[0];

/** An in-memory workspaceState. */
function memento(initial: Record<string, unknown> = {}): Memento {
  const values = new Map(Object.entries(initial));
  return {
    keys: () => [...values.keys()],
    get: <T>(key: string, fallback?: T) => (values.has(key) ? (values.get(key) as T) : fallback),
    update: (key: string, value: unknown) => {
      values.set(key, value);
      return Promise.resolve();
    },
  };
}

test('remembers the answers without the run-specific output folder', async () => {
  const state = memento();
  assert.equal(recallAnswers(state), undefined);
  await rememberAnswers(state, {
    target: '/t',
    masks: { kind: 'folder', folder: '/m', suffix: '_seg' },
    targetMasks: { kind: 'folder', folder: '/tm' },
    preset: 'dermoscopy',
    engine: 'composite',
    perImage: 5,
    seed: 9,
    mode: 'preview',
    output: '/o',
  });
  assert.deepEqual(recallAnswers(state), {
    target: '/t',
    masks: { kind: 'folder', folder: '/m', suffix: '_seg' },
    targetMasks: { kind: 'folder', folder: '/tm' },
    preset: 'dermoscopy',
    engine: 'composite',
    perImage: 5,
    seed: 9,
    mode: 'preview',
  });
});

test('answers stored by an older version that no longer validate are ignored', () => {
  const state = memento({
    'maskmedpaint.inpaintWizard.lastAnswers': { target: '/t', preset: 'removedPreset' },
  });
  assert.equal(recallAnswers(state), undefined);
});
