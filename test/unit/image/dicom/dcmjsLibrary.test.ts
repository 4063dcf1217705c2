import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dcmjsLibrary } from '../../../../src/core/image/dicom/dcmjsLibrary';

test('dcmjs loads once, with its loggers silenced (the CLI --json mode owns stdout)', () => {
  const first = dcmjsLibrary();
  assert.equal(dcmjsLibrary(), first);
  const { log } = first;
  assert.equal(log.getLevel(), log.levels.SILENT);
  assert.equal(log.getLogger('validation.dcmjs').getLevel(), log.levels.SILENT);
});
