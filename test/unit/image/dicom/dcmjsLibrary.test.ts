import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dcmjsLibrary } from '../../../../src/core/image/dicom/dcmjsLibrary';

test('dcmjs loads once, with its loggers silenced (the CLI --json mode owns stdout)', () => {
  const first = dcmjsLibrary();
  assert.equal(dcmjsLibrary(), first);
  const silent = 5; // loglevel's SILENT
  assert.equal(first.log.getLevel(), silent);
  assert.equal(first.log.getLogger('validation.dcmjs').getLevel(), silent);
});
