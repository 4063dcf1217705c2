// The schema enums, package.json's enum settings and the Python package's copies are generated from
// the engine registry and the src/shared enumerations (scripts/schemaGeneration.ts): each file in
// the repository must be what `npm run generate:schemas` writes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GENERATE_COMMAND, generatedFiles, staleFiles } from '../../../scripts/schemaGeneration';
import { ENGINE_IDS } from '../../../src/core/engines/registry';

test('every generated file is current', async () => {
  const stale = await staleFiles(await generatedFiles());
  assert.deepEqual(stale, [], `stale: ${stale.join(', ')}; run ${GENERATE_COMMAND}`);
});

test('the recipe schema and its Python copy are generated with every engine of the registry', async () => {
  const files = await generatedFiles();
  for (const file of [
    'schema/recipe.schema.json',
    'python/src/maskmedpaint/schema/recipe.schema.json',
  ]) {
    const schema = JSON.parse(files.get(file) ?? '{}') as {
      properties: { engine: { enum: string[] } };
    };
    assert.deepEqual(schema.properties.engine.enum, [...ENGINE_IDS], file);
  }
});
