import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { changedSourcesNote, lineReporter } from '../../../src/cli/progress';

const EVIL = 'x\n[2/2] images/benign/ok__k0.png\x1b[2K\u202e';

function linesOf(write: (out: NodeJS.WritableStream) => void): string[] {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  write(out);
  return text.split('\n').filter((line) => line !== '');
}

test('progress lines print a name with a newline, escape or bidi override as one escaped line', () => {
  const lines = linesOf((out) => {
    const report = lineReporter(out);
    report({ type: 'itemDone', index: 0, total: 2, id: 'a', output: `images/${EVIL}.png` });
    report({
      type: 'itemFailed',
      index: 1,
      total: 2,
      id: EVIL,
      error: `source: cannot read ${EVIL}`,
    });
  });
  assert.deepEqual(lines, [
    '[1/2] images/x\\n[2/2] images/benign/ok__k0.png\\x1b[2K\\u202e.png',
    '[2/2] FAILED x\\n[2/2] images/benign/ok__k0.png\\x1b[2K\\u202e: source: cannot read x\\n[2/2] images/benign/ok__k0.png\\x1b[2K\\u202e',
  ]);
});

test('the changed-source note escapes the source path', () => {
  const note = changedSourcesNote({
    type: 'planned',
    total: 1,
    alreadyDone: 0,
    changedSources: [{ source: EVIL, reason: 'its content changed', items: 1 }],
  });
  assert.equal(note.split('\n').length, 2);
  assert.match(note, /^note: x\\n\[2\/2\] images/);
});
