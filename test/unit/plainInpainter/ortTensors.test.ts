import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromOrt, toOrt } from '../../../src/core/backend/ort';
import type { HostTensor } from '../../../src/core/backend/tensor';

test('8-bit tensors cross the backend boundary as views, keeping dtype, dims and values', () => {
  const cases: HostTensor[] = [
    { dtype: 'uint8', dims: [1, 1, 2, 2], data: Uint8Array.from([0, 7, 200, 255]) },
    { dtype: 'int8', dims: [4], data: Int8Array.from([-128, -1, 0, 127]) },
  ];
  for (const tensor of cases) {
    const runtime = toOrt(tensor);
    assert.equal(runtime.type, tensor.dtype);
    assert.equal(runtime.data, tensor.data, `${tensor.dtype} feed is wrapped, not copied`);
    const back = fromOrt('out', runtime);
    assert.equal(back.dtype, tensor.dtype);
    assert.deepEqual(back.dims, tensor.dims);
    assert.deepEqual(back.data, tensor.data);
  }
});
