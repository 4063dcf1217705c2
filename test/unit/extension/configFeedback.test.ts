import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configFeedback } from '../../../src/extension/config/configFeedback';

const names = {
  configName: 'maskmedpaint.augment.json',
  snippetName: 'maskmedpaint_augment_snippet.py',
  trainingName: 'train.py',
};

test('says what was written and how many images training gets; warns when that is few', () => {
  const counts = { total: 12, usable: 2, approved: 2, pending: 10, rejected: 0, failed: 0 };
  assert.deepEqual(
    configFeedback({
      ...names,
      config: 'created',
      snippet: 'overwritten',
      counts,
      requireReview: true,
    }),
    {
      message:
        'MaskMedPaint: created maskmedpaint.augment.json and overwritten maskmedpaint_augment_snippet.py beside train.py. 2 of 12 generated images are usable for training (approved images only) — that is few: 10 still await review.',
      warn: true,
    },
  );
  const plenty = { total: 12, usable: 12, approved: 2, pending: 10, rejected: 0, failed: 0 };
  assert.deepEqual(
    configFeedback({
      ...names,
      config: 'kept',
      snippet: 'kept',
      counts: plenty,
      requireReview: false,
    }),
    {
      message:
        'MaskMedPaint: kept the existing maskmedpaint.augment.json and kept the existing maskmedpaint_augment_snippet.py beside train.py. 12 of 12 generated images are usable for training (approved and unreviewed images).',
      warn: false,
    },
  );
});
