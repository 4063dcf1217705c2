import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CsvParseError, formatCsv, parseCsv } from '../../../src/core/util/csv';
import {
  TEMP_SUFFIX,
  removeStrayTempFiles,
  writeFileAtomic,
} from '../../../src/core/util/atomicWrite';
import { isSameOrInside } from '../../../src/core/util/posixPath';

test('CSV: fields with commas, quotes and line breaks survive a round trip', () => {
  const rows = [
    ['output', 'label'],
    ['a,b.png', 'say "hi"'],
    ['multi\nline', ''],
    ['', 'x'],
  ];
  const text = formatCsv(rows);
  assert.equal(text, 'output,label\r\n"a,b.png","say ""hi"""\r\n"multi\nline",\r\n,x\r\n');
  assert.deepEqual(parseCsv(text), rows);
});

test('CSV parsing: LF or CRLF, BOM, blank lines dropped, syntax errors with line numbers', () => {
  assert.deepEqual(parseCsv('\ufeffpath,label\n\na.png,x\r\nb.png,y'), [
    ['path', 'label'],
    ['a.png', 'x'],
    ['b.png', 'y'],
  ]);
  assert.throws(
    () => parseCsv('a,b\n"c"d,e\n'),
    (error: unknown) => error instanceof CsvParseError && error.line === 2,
  );
  assert.throws(() => parseCsv('a,b\nc,"unterminated\n'), CsvParseError);
});

test('atomic writes replace the file whole and leave no temp file; stray temps are removed', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mmp-atomic-'));
  const file = path.join(dir, 'sub', 'out.json');
  await writeFileAtomic(file, 'first');
  await writeFileAtomic(file, 'second');
  assert.equal(readFileSync(file, 'utf8'), 'second');
  assert.deepEqual(readdirSync(path.dirname(file)), ['out.json']);
  mkdirSync(path.join(dir, 'sub', 'deeper'));
  writeFileSync(path.join(dir, 'sub', `.x.png.abc${TEMP_SUFFIX}`), '');
  writeFileSync(path.join(dir, 'sub', 'deeper', `.y.png.def${TEMP_SUFFIX}`), '');
  writeFileSync(path.join(dir, 'sub', 'keep.tmp'), 'not ours');
  assert.equal(await removeStrayTempFiles(path.join(dir, 'sub'), false), 1);
  assert.equal(await removeStrayTempFiles(path.join(dir, 'sub'), true), 1);
  assert.deepEqual(readdirSync(path.join(dir, 'sub')).sort(), ['deeper', 'keep.tmp', 'out.json']);
});

test('folder containment does not confuse siblings with a common prefix', () => {
  assert.equal(isSameOrInside('/data/src', '/data/src/out'), true);
  assert.equal(isSameOrInside('/data/src', '/data/src'), true);
  assert.equal(isSameOrInside('/data/src', '/data/src-augmented'), false);
  assert.equal(isSameOrInside('/data/src', '/data'), false);
  assert.equal(isSameOrInside('/data/src', '/data/src/..hidden'), true);
});
