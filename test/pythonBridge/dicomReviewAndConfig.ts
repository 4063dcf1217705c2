/**
 * Test helper run with `node --import tsx` from the DICOM end-to-end test: records review
 * decisions through the core's decisions journal (what the review panel calls) and writes the
 * augmentation config beside a training script (what "Write Augmentation Config" writes).
 * Usage: review_and_config.ts MANIFEST TRAIN_DIR ID=approved|rejected ...
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { readManifest } from '../../src/core/jobs/manifestStore';
import { decideItem } from '../../src/core/jobs/reviewDecisions';
import {
  AUGMENT_CONFIG_FILE,
  buildAugmentConfig,
} from '../../src/extension/config/augmentConfigContent';

async function main(): Promise<void> {
  const [manifestPath, trainDir, ...decisions] = process.argv.slice(2);
  if (!manifestPath || !trainDir) throw new Error('usage: MANIFEST TRAIN_DIR ID=decision ...');
  for (const decision of decisions) {
    const [id, status] = decision.split('=');
    if (!id || (status !== 'approved' && status !== 'rejected'))
      throw new Error(`bad decision ${decision}`);
    await decideItem(manifestPath, id, status, { note: `reviewed ${status}` });
  }
  const manifest = await readManifest(manifestPath);
  const trainingFile = path.join(trainDir, 'train.py');
  const config = buildAugmentConfig(manifest, manifestPath, trainingFile, true);
  writeFileSync(path.join(trainDir, AUGMENT_CONFIG_FILE), `${JSON.stringify(config, null, 2)}\n`);
}

void main();
