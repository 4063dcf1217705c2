import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  countUsable,
  isUsableForTraining,
  runRequiresReview,
  usableShortfall,
} from '../../../src/shared/usable';

test('the rule: approved always; pending only without required review; rejected and failed never', () => {
  assert.deepEqual(
    (['approved', 'pending', 'rejected', 'failed'] as const).map((s) => [
      isUsableForTraining(s, true),
      isUsableForTraining(s, false),
    ]),
    [
      [true, true],
      [false, true],
      [false, false],
      [false, false],
    ],
  );
  assert.equal(runRequiresReview({}), true, 'a manifest that does not say requires review');
  assert.equal(runRequiresReview({ requireReview: false }), false);
});

test('a reader says when it gives nothing or leaves unreviewed images out, and is silent otherwise', () => {
  const items = (
    statuses: string,
  ): Array<{ status: 'approved' | 'pending' | 'rejected' | 'failed' }> =>
    [...statuses].map((c) => ({
      status: ({ a: 'approved', p: 'pending', r: 'rejected', f: 'failed' } as const)[
        c as 'a' | 'p' | 'r' | 'f'
      ],
    }));
  const say = (statuses: string, requireReview: boolean): string | null =>
    usableShortfall(countUsable(items(statuses), requireReview), requireReview, 'HOW');
  assert.equal(
    say('pprf', true),
    'no generated image is usable for training: 2 of 4 await review and this run requires review (0 approved, 2 pending, 1 rejected, 1 failed). HOW',
  );
  assert.equal(
    say('aprf', true),
    '1 of 4 generated images are usable for training; 1 pending image(s) are left out until reviewed (1 approved, 1 pending, 1 rejected, 1 failed). HOW',
  );
  assert.equal(
    say('rf', false),
    'no generated image is usable for training (0 approved, 0 pending, 1 rejected, 1 failed)',
  );
  assert.equal(say('aprf', false), null);
  assert.equal(say('arf', true), null);
});
