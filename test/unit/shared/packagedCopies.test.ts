// Files other readers keep a copy of must stay byte-identical to the repository's one source: the
// Python package ships the manifest and recipe schemas (its manifest reader validates with them)
// and the prompt templates; the tests' complete default recipe is what defaultRecipe() returns.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { defaultRecipe } from '../../../src/core/recipe/defaults';

const repo = path.resolve(__dirname, '..', '..', '..');
const read = (file: string): string => readFileSync(path.join(repo, file), 'utf8');

test('the Python package ships the schemas and templates unchanged', () => {
  const copies: Array<[string, string]> = [
    ['schema/manifest.schema.json', 'python/src/maskmedpaint/schema/manifest.schema.json'],
    ['schema/recipe.schema.json', 'python/src/maskmedpaint/schema/recipe.schema.json'],
    ['schema/prompt-templates.json', 'python/src/maskmedpaint/prompt_templates.json'],
  ];
  for (const [source, copy] of copies)
    assert.equal(read(copy), read(source), `copy ${source} over ${copy}`);
});

test("the test fixtures' complete recipe is the default recipe", () => {
  const fixture: unknown = JSON.parse(read('test/fixtures/manifest/default-recipe.json'));
  assert.deepEqual(fixture, defaultRecipe());
});
