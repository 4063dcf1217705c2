import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import recipeSchema from '../../../schema/recipe.schema.json';
import { createProgram } from '../../../src/cli/program';
import { EngineUnavailableError } from '../../../src/core/engines/engineErrors';
import {
  ENGINE_IDS,
  ENGINES,
  IN_PROCESS_ENGINE_IDS,
  engineDescriptor,
  isEngineId,
  runsModel,
} from '../../../src/core/engines/registry';
import { parseInpaintOptions } from '../../../src/extension/inpaint/inpaintOptions';

describe('the engine registry', () => {
  it('lists each engine once, described for people, with a consistent model requirement', () => {
    assert.equal(new Set(ENGINE_IDS).size, ENGINE_IDS.length, 'unique ids');
    for (const engine of ENGINES) {
      for (const text of [engine.label, engine.summary, engine.detail])
        assert.ok(text.trim().length > 0, `${engine.id} is described`);
      if (engine.model === null) continue;
      assert.ok(engine.model.kinds.length > 0, `${engine.id} names the model kinds it runs`);
      assert.ok(engine.model.noun.trim().length > 0);
    }
  });

  it('is the list the recipe schema allows (generated: npm run generate:schemas)', () => {
    assert.deepEqual(
      [...recipeSchema.properties.engine.enum],
      [...ENGINE_IDS],
      'run npm run generate:schemas',
    );
  });

  it('answers lookups, and refuses an unknown id naming every engine', () => {
    assert.equal(engineDescriptor('lama').id, 'lama');
    assert.ok(isEngineId('diffusion'));
    assert.equal(isEngineId('gan'), false);
    assert.throws(
      () => engineDescriptor('gan'),
      (error: unknown) =>
        error instanceof EngineUnavailableError &&
        ENGINE_IDS.every((id) => error.message.includes(id)),
    );
  });

  it('says which engines run a model; an unknown id counts as one (never let through untrusted)', () => {
    for (const engine of ENGINES) assert.equal(runsModel(engine.id), engine.model !== null);
    assert.equal(runsModel('composite'), false);
    assert.equal(runsModel('diffusion'), true);
    assert.equal(runsModel('gan'), true);
  });

  it('gives the CLI its --engine choices and help', () => {
    const augment = createProgram().commands.find((c) => c.name() === 'augment');
    assert.ok(augment);
    // Help wraps at the terminal's width: compare with the line breaks taken out.
    const help = augment.helpInformation().replace(/\s+/g, ' ');
    for (const engine of ENGINES)
      assert.ok(help.includes(`${engine.id} (${engine.summary})`), help);
    assert.ok(help.includes(`CPU engines (${IN_PROCESS_ENGINE_IDS.join(', ')})`), help);
    const models = createProgram().commands.find((c) => c.name() === 'models');
    const add = models?.commands.find((c) => c.name() === 'add');
    const perEngine = ENGINES.filter((e) => e.model?.registeredPerEngine).map((e) => e.id);
    assert.deepEqual(perEngine, ['migan', 'lama']);
    assert.match(
      add?.helpInformation().replace(/\s+/g, ' ') ?? '',
      /engine for a plain inpainter: migan or lama/,
    );
  });

  it('gives the extension its engine validation and "needs a model" rule', () => {
    for (const engine of ENGINES) {
      const options = { target: '/t', engine: engine.id };
      if (engine.model === null) assert.equal(parseInpaintOptions(options).engine, engine.id);
      else assert.throws(() => parseInpaintOptions(options), /needs a "model"/);
    }
    assert.throws(
      () => parseInpaintOptions({ target: '/t', engine: 'gan' }),
      new RegExp(`engine must be one of ${ENGINE_IDS.join(', ')}`),
    );
  });
});
