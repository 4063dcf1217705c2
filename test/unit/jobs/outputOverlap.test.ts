import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { assertOutputApart, type RunInputLocations } from '../../../src/core/jobs/outputOverlap';
import { JobConfigError } from '../../../src/core/jobs/types';
import { freshTempDirs } from '../helpers/tempDir';

const tempDir = freshTempDirs('overlap');

/** source/, masks/, target/, target-masks/ and an unrelated elsewhere/ with one file each. */
function folders(): { root: string; inputs: RunInputLocations; join: (...p: string[]) => string } {
  const root = tempDir();
  const join = (...parts: string[]): string => path.join(root, ...parts);
  for (const name of ['source/benign', 'masks/benign', 'target', 'target-masks', 'elsewhere']) {
    mkdirSync(join(name), { recursive: true });
    writeFileSync(join(name, 'a.png'), 'x');
  }
  return {
    root,
    join,
    inputs: {
      folders: {
        source: join('source'),
        masks: join('masks'),
        target: join('target'),
        'target masks': join('target-masks'),
      },
    },
  };
}

async function refused(
  outDir: string,
  inputs: RunInputLocations,
  pattern: RegExp,
  message?: string,
): Promise<void> {
  await assert.rejects(
    assertOutputApart(outDir, inputs),
    (error: unknown) => {
      assert.ok(error instanceof JobConfigError, String(error));
      assert.match(error.message, pattern, message);
      return true;
    },
    message,
  );
}

test('--out given as a symbolic link into an input folder is refused by its real location', async () => {
  const { join, inputs } = folders();
  symlinkSync(join('source', 'benign'), join('out-link'));
  await refused(
    join('out-link'),
    inputs,
    /--out .*out-link \(really .*benign\) lies inside the source folder/,
  );
  symlinkSync(join('masks'), join('masks-link'));
  await refused(join('masks-link', 'o'), inputs, /lies inside the masks folder/);
  symlinkSync(join('target-masks'), join('tm-link'));
  await refused(join('tm-link'), inputs, /lies inside the target masks folder/);
});

test('an --out that does not exist yet is judged where it would land (linked ancestor, dangling link)', async () => {
  const { join, inputs } = folders();
  symlinkSync(join('source'), join('via'));
  await refused(join('via', 'new', 'deeper', 'out'), inputs, /lies inside the source folder/);
  // A link whose target does not exist yet: creating --out would create a folder in the source.
  symlinkSync(join('source', 'not-yet'), join('dangling'));
  await refused(join('dangling'), inputs, /lies inside the source folder/);
});

test('an input reached through a link that lies inside --out is refused (the other direction)', async () => {
  const { join, inputs } = folders();
  mkdirSync(join('out', 'held'), { recursive: true });
  symlinkSync(join('out', 'held'), join('target-link'));
  await refused(
    join('out'),
    { folders: { ...inputs.folders, target: join('target-link') } },
    /the target folder .*target-link \(really .*held\) lies inside --out/,
  );
});

test('a symbolic link inside an input folder that leads into --out (or above it) is refused', async () => {
  const cases: Array<[string, (join: (...p: string[]) => string) => void]> = [
    ['to --out itself', (join) => symlinkSync(join('out'), join('source', 'benign', 'o'))],
    [
      'to a file in --out',
      (join) => {
        mkdirSync(join('out'));
        writeFileSync(join('out', 'x.png'), 'x');
        symlinkSync(join('out', 'x.png'), join('masks', 'benign', 'b.png'));
      },
    ],
    ['to a folder holding --out', (join) => symlinkSync(join(), join('target', 'up'))],
    ['to an --out not created yet', (join) => symlinkSync(join('out'), join('target-masks', 'o'))],
    [
      'through a linked folder',
      (join) => {
        symlinkSync(join('elsewhere'), join('source', 'benign', 'more'));
        symlinkSync(join('out'), join('elsewhere', 'o'));
      },
    ],
  ];
  for (const [name, plant] of cases) {
    const { join, inputs } = folders();
    plant(join);
    await refused(join('out'), inputs, /holds a symbolic link .* which overlaps --out/, name);
  }
});

test('a run folder holding a symbolic link is refused: writes through it would land elsewhere', async () => {
  for (const target of ['source', 'out/images']) {
    const { join, inputs } = folders();
    mkdirSync(join('out', 'images'), { recursive: true });
    symlinkSync(join(target), join('out', 'images', 'benign'));
    await refused(
      join('out'),
      inputs,
      /holds a symbolic link .*output folder may not contain symbolic links/,
    );
  }
});

test('label and mask CSVs, and the masks a CSV names, may not lie inside --out', async () => {
  const { join, inputs } = folders();
  mkdirSync(join('out'));
  writeFileSync(join('out', 'labels.csv'), 'image,label\n');
  await refused(
    join('out'),
    { ...inputs, files: { 'labels CSV': join('out', 'labels.csv'), 'mask CSV': null } },
    /the labels CSV .* lies inside --out/,
  );
  writeFileSync(join('out', 'm.png'), 'x');
  await refused(
    join('out'),
    {
      ...inputs,
      namedFiles: { role: 'mask', paths: [join('masks', 'benign', 'a.png'), join('out', 'm.png')] },
    },
    /the mask .*m\.png lies inside --out/,
  );
});

test('separate folders pass, including unrelated links, hidden links and link cycles', async () => {
  const { join, inputs } = folders();
  symlinkSync(join('elsewhere'), join('source', 'benign', 'extra'));
  symlinkSync(join('source'), join('source', 'benign', 'cycle'));
  // The scan ignores hidden entries, so a hidden link cannot make outputs inputs.
  symlinkSync(join(), join('source', '.cache'));
  mkdirSync(join('out', 'images'), { recursive: true });
  await assertOutputApart(join('out'), inputs);
  await assertOutputApart(join('new-out'), inputs);
});
