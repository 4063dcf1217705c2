// Builds the integration-test workspace: a tiny dermoscopy-like dataset (class folders, lesion
// masks with the same relative paths, unlabeled target images) and a training script, all drawn
// here with sharp so the tests ship no binary fixtures.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import sharp from 'sharp';
import { writeDicomFixtures } from './dicomFixtures.mjs';

const SIZE = 64;

/** An RGB image: skin-like background, a darker disc (the lesion) and, optionally, a ruler bar. */
function lesionImage(skin, lesion, radius, ruler) {
  const data = Buffer.alloc(SIZE * SIZE * 3);
  for (let y = 0; y < SIZE; y += 1) {
    for (let x = 0; x < SIZE; x += 1) {
      const inside = (x - SIZE / 2) ** 2 + (y - SIZE / 2) ** 2 <= radius ** 2;
      const onRuler = ruler && y >= 4 && y < 8;
      const colour = onRuler ? [240, 240, 240] : inside ? lesion : skin;
      // A gentle gradient so the images are not flat (the composite blends at the seam).
      const shade = (x + y) % 7;
      data.set(
        colour.map((c) => Math.max(0, Math.min(255, c - shade))),
        (y * SIZE + x) * 3,
      );
    }
  }
  return sharp(data, { raw: { width: SIZE, height: SIZE, channels: 3 } })
    .png()
    .toBuffer();
}

function discMask(radius) {
  const data = Buffer.alloc(SIZE * SIZE);
  for (let y = 0; y < SIZE; y += 1) {
    for (let x = 0; x < SIZE; x += 1) {
      if ((x - SIZE / 2) ** 2 + (y - SIZE / 2) ** 2 <= radius ** 2) data[y * SIZE + x] = 255;
    }
  }
  return sharp(data, { raw: { width: SIZE, height: SIZE, channels: 1 } })
    .png()
    .toBuffer();
}

/**
 * Writes the fixture workspace into `workspace` and returns its layout (absolute paths).
 * source/{benign,malignant}/*.png, masks/{benign,malignant}/*.png, target/*.png,
 * training/train_classifier.py.
 */
export async function writeFixtureWorkspace(workspace) {
  const layout = {
    workspace,
    source: path.join(workspace, 'data', 'source'),
    masks: path.join(workspace, 'data', 'masks'),
    target: path.join(workspace, 'data', 'target'),
    training: path.join(workspace, 'training'),
  };
  const classes = { benign: false, malignant: true };
  for (const [label, ruler] of Object.entries(classes)) {
    mkdirSync(path.join(layout.source, label), { recursive: true });
    mkdirSync(path.join(layout.masks, label), { recursive: true });
    for (let i = 0; i < 3; i += 1) {
      const radius = 12 + 3 * i;
      const name = `${label}_${i}.png`;
      writeFileSync(
        path.join(layout.source, label, name),
        await lesionImage([205, 160, 140], [110, 70, 60], radius, ruler),
      );
      writeFileSync(path.join(layout.masks, label, name), await discMask(radius));
    }
  }
  mkdirSync(layout.target, { recursive: true });
  const targetSkins = [
    [170, 120, 95],
    [150, 105, 85],
    [185, 140, 110],
  ];
  for (const [i, skin] of targetSkins.entries()) {
    writeFileSync(
      path.join(layout.target, `hospital_b_${i}.png`),
      await lesionImage(skin, skin, 0, false),
    );
  }
  // A file beside the workspace that forged webview messages try to reach.
  const outside = path.join(workspace, '..', 'outside');
  mkdirSync(outside, { recursive: true });
  writeFileSync(
    path.join(outside, 'secret.png'),
    await lesionImage([0, 0, 0], [255, 255, 255], 8, false),
  );
  await writeDicomFixtures(workspace);
  mkdirSync(layout.training, { recursive: true });
  writeFileSync(
    path.join(layout.training, 'train_classifier.py'),
    '"""Fixture training script: the config writer puts its files beside this one."""\n',
  );
  mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  // Keep the explorer quiet and the fixture deterministic: no git scanning, no telemetry prompts.
  writeFileSync(
    path.join(workspace, '.vscode', 'settings.json'),
    JSON.stringify(
      {
        'git.enabled': false,
        'workbench.startupEditor': 'none',
      },
      null,
      2,
    ),
  );
  return layout;
}
