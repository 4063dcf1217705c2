import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManifestError } from '../../../src/core/jobs/manifestStore';
import { JobConfigError } from '../../../src/core/jobs/types';
import { errorMessageLines, escapeControls, tty } from '../../../src/cli/terminalText';

test('control characters, DEL, C1 and bidi controls become visible escapes', () => {
  assert.equal(escapeControls('a\nb\rc\td'), 'a\\nb\\rc\\td');
  assert.equal(
    escapeControls('red\x1b[31m bell\x07 nul\x00 del\x7f'),
    'red\\x1b[31m bell\\x07 nul\\x00 del\\x7f',
  );
  assert.equal(escapeControls('csi\x9b next\x85line'), 'csi\\x9b next\\x85line');
  assert.equal(
    escapeControls('gnp.\u202eexe \u2066x\u2069 \u200e\u200f\u061c'),
    'gnp.\\u202eexe \\u2066x\\u2069 \\u200e\\u200f\\u061c',
  );
  assert.equal(escapeControls('line\u2028sep\u2029'), 'line\\u2028sep\\u2029');
});

test('ordinary text, non-Latin scripts and backslashes are left as they are', () => {
  const text = 'Zürich/São Paulo/肺部X光片 😀 C:\\Users\\a b.png';
  assert.equal(escapeControls(text), text);
});

test('tty keeps the template and escapes only the interpolated values', () => {
  const name = 'evil\nFinished: 9 generated, 0 failed';
  const line = tty`[${1}/${2}] ${name}\n`;
  assert.equal(line, '[1/2] evil\\nFinished: 9 generated, 0 failed\n');
  assert.equal(line.split('\n').length, 2, 'one line and its end');
});

test('an error listing problems keeps its header and one line per problem, each escaped', () => {
  const error = new ManifestError('/out/a\nb/maskmedpaint.json', [
    '/items/0/mask: path x\u001b[2J is outside',
    '/items/1: fine',
  ]);
  assert.deepEqual(errorMessageLines(error), [
    'invalid manifest /out/a\\nb/maskmedpaint.json:',
    '  /items/0/mask: path x\\x1b[2J is outside',
    '  /items/1: fine',
  ]);
});

test('an error wrapping a problem list and adding a line keeps both structures', () => {
  const cause = new ManifestError('/o\nut/m.json', ['not valid JSON']);
  const error = new JobConfigError(`${cause.message}\n(repair or remove it)`, { cause });
  assert.deepEqual(errorMessageLines(error), [
    'invalid manifest /o\\nut/m.json:',
    '  not valid JSON',
    '(repair or remove it)',
  ]);
});

test('any other message keeps only the breaks before indented or "- " lines', () => {
  const message =
    'Not a usable model folder: /m/a\nFinished: 9 generated\n- missing unet/model.onnx\n- missing x\x1b[2J';
  assert.deepEqual(errorMessageLines(new Error(message)), [
    'Not a usable model folder: /m/a\\nFinished: 9 generated',
    '- missing unet/model.onnx',
    '- missing x\\x1b[2J',
  ]);
});

test('a one-line message is one escaped line', () => {
  assert.deepEqual(errorMessageLines(new Error('no such folder /a\nplanned 1 images')), [
    'no such folder /a\\nplanned 1 images',
  ]);
  assert.deepEqual(errorMessageLines('plain\rtext'), ['plain\\rtext']);
});
