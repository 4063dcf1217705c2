// ClipTokenizer against transformers' CLIPTokenizer on the real CLIP vocabulary (fixtures recorded by
// scripts/fixtures/tokenizer_reference.py from open-clip-torch's bpe_simple_vocab_16e6.txt.gz).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { ClipTokenizer } from '../../../../src/core/engines/diffusion/tokenizer/clipTokenizer';

const FIXTURES = join(__dirname, '..', '..', '..', 'fixtures', 'tokenizer');
const corpus = JSON.parse(readFileSync(join(FIXTURES, 'corpus.json'), 'utf8')) as {
  maxLength: number;
  texts: string[];
};
const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected_ids.json'), 'utf8')) as {
  padEndOfText: number[][];
  padExclamation: number[][];
};
const vocabText = gunzipSync(readFileSync(join(FIXTURES, 'clip-vocab', 'vocab.json.gz'))).toString(
  'utf8',
);
const mergesText = gunzipSync(readFileSync(join(FIXTURES, 'clip-vocab', 'merges.txt.gz'))).toString(
  'utf8',
);

describe('ClipTokenizer', () => {
  let modelDir = '';
  before(() => {
    modelDir = mkdtempSync(join(tmpdir(), 'clip-tokenizer-'));
    mkdirSync(join(modelDir, 'tokenizer'));
    writeFileSync(join(modelDir, 'tokenizer', 'vocab.json'), vocabText);
    writeFileSync(join(modelDir, 'tokenizer', 'merges.txt'), mergesText);
  });
  after(() => rmSync(modelDir, { recursive: true, force: true }));

  it('matches transformers on every corpus text (SD 1.x: pad with <|endoftext|>)', () => {
    const tokenizer = ClipTokenizer.fromVocabulary(JSON.parse(vocabText), mergesText);
    corpus.texts.forEach((text, i) => {
      assert.deepEqual([...tokenizer.encode(text)], expected.padEndOfText[i], JSON.stringify(text));
    });
  });

  it("matches transformers with SD 2.x's '!' pad token, which also splits '!' out of the text", () => {
    const tokenizer = ClipTokenizer.fromVocabulary(JSON.parse(vocabText), mergesText, {
      padToken: '!',
    });
    corpus.texts.forEach((text, i) => {
      assert.deepEqual(
        [...tokenizer.encode(text)],
        expected.padExclamation[i],
        JSON.stringify(text),
      );
    });
  });

  it('reads pad token and length from a model folder (AddedToken objects included)', async () => {
    writeFileSync(
      join(modelDir, 'tokenizer', 'tokenizer_config.json'),
      JSON.stringify({ model_max_length: 77, pad_token: { __type: 'AddedToken', content: '!' } }),
    );
    const fromModel = await ClipTokenizer.fromModelFolder(modelDir);
    const fromTokenizerDir = await ClipTokenizer.fromModelFolder(join(modelDir, 'tokenizer'));
    const i = corpus.texts.indexOf('a photo of target background');
    assert.deepEqual([...fromModel.encode(corpus.texts[i])], expected.padExclamation[i]);
    assert.deepEqual([...fromTokenizerDir.encode(corpus.texts[i])], expected.padExclamation[i]);
  });

  it('truncates long text to maxLength with start and end tokens', () => {
    const tokenizer = ClipTokenizer.fromVocabulary(JSON.parse(vocabText), mergesText, {
      maxLength: 8,
    });
    const ids = [...tokenizer.encode('a a a a a a a a a a a a')];
    assert.equal(ids.length, 8);
    assert.deepEqual(ids, [tokenizer.bosId, 320, 320, 320, 320, 320, 320, tokenizer.eosId]);
  });

  it('gives clear errors for broken files', async () => {
    assert.throws(
      () => ClipTokenizer.fromVocabulary([], mergesText),
      /vocab\.json must be an object/,
    );
    assert.throws(() => ClipTokenizer.fromVocabulary({ a: 'x' }, ''), /not a token id/);
    assert.throws(
      () => ClipTokenizer.fromVocabulary({ a: 0 }, ''),
      /start token '<\|startoftext\|>'/,
    );
    assert.throws(
      () => ClipTokenizer.fromVocabulary(JSON.parse(vocabText), '#version: 0.2\na b c\n'),
      /merges\.txt line 2/,
    );
    writeFileSync(join(modelDir, 'tokenizer', 'special_tokens_map.json'), '{not json');
    await assert.rejects(
      ClipTokenizer.fromModelFolder(modelDir),
      /special_tokens_map\.json is not valid JSON/,
    );
  });
});
