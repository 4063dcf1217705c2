import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  ManifestPathError,
  ManifestPaths,
  type ManifestPathField,
} from '../../../src/core/jobs/manifestPaths';
import { ManifestError, readManifest } from '../../../src/core/jobs/manifestStore';
import { ConfinementError } from '../../../src/core/util/confinedPath';
import type { ManifestInputs, ManifestItem } from '../../../src/shared/manifest';
import { freshTempDirs } from '../helpers/tempDir';
import { makeFifo, withPipeGuard } from './helpers/fifo';

const tempDir = freshTempDirs('manifest-paths');

/** The item fields that name a file directly (quality.regions is nested; tested on its own). */
type ItemField = Exclude<ManifestPathField, 'quality.regions'>;

/** The folder each field's files live in, relative to the layout's root. */
const HOME: Record<ItemField, string> = {
  source: 'source',
  mask: 'masks',
  target: 'target',
  targetMask: 'target-masks',
  output: 'run/images',
};
const FIELDS = Object.keys(HOME) as ItemField[];

const INPUTS: ManifestInputs = {
  source: '../source',
  target: '../target',
  masks: '../masks',
  labels: null,
  targetMasks: '../target-masks',
  counts: {
    sources: 1,
    targets: 1,
    masks: 1,
    skippedNonImages: 0,
    sourcesWithoutMask: 0,
    unmatchedMasks: 0,
  },
};

/** run/ (the manifest's folder), the four input folders and outside/secret.png, each with a.png. */
function layout(): { root: string; join: (...p: string[]) => string; item: ManifestItem } {
  const root = tempDir();
  const join = (...parts: string[]): string => path.join(root, ...parts);
  for (const dir of [...Object.values(HOME), 'outside']) {
    mkdirSync(join(dir), { recursive: true });
    writeFileSync(join(dir, 'a.png'), dir);
  }
  writeFileSync(join('outside', 'secret.png'), 'secret');
  const item: ManifestItem = {
    id: 'benign/a__0',
    source: '../source/a.png',
    mask: '../masks/a.png',
    label: 'benign',
    target: '../target/a.png',
    targetMask: '../target-masks/a.png',
    seed: 1,
    output: 'images/a.png',
    sha256: null,
    status: 'pending',
    error: null,
  };
  return { root, join, item };
}

/** `folder` (relative to the layout) as the manifest names it (relative to run/). */
const fromRun = (...parts: string[]): string => path.posix.join('..', ...parts);

async function open(join: (...p: string[]) => string): Promise<ManifestPaths> {
  return ManifestPaths.open(join('run', 'maskmedpaint.json'), INPUTS);
}

test('every field of a well-formed item resolves to its file', async () => {
  const { join, item } = layout();
  const paths = await open(join);
  for (const field of FIELDS) {
    const resolved = await paths.forReading(item, field);
    assert.equal(readFileSync(resolved!.realPath, 'utf8'), HOME[field], field);
  }
  assert.equal(await paths.forReading({ ...item, mask: null }, 'mask'), null);
  assert.equal(await paths.outputForWriting(item), join('run', 'images', 'a.png'));
});

test('the region overlay (quality.regions) lies in the run folder; one named outside it is refused', async () => {
  const { join, item } = layout();
  const paths = await open(join);
  const quality = { keptExact: 1, seam: 0, ssimTarget: null, ssimSource: null };
  const inside = { ...item, quality: { ...quality, regions: 'images/a.png' } };
  assert.equal(
    (await paths.forReading(inside, 'quality.regions'))?.realPath,
    join('run', 'images', 'a.png'),
  );
  const outside = { ...item, quality: { ...quality, regions: fromRun('outside', 'secret.png') } };
  await assert.rejects(paths.forReading(outside, 'quality.regions'), (error: Error) =>
    /field "quality\.regions"|quality\.regions/.test(error.message),
  );
  assert.equal(await paths.forReading(item, 'quality.regions'), null);
});

test('escapes are refused for every field: absolute, .., links in the run folder or the field folder, pipes, folders', async () => {
  // Each case plants what it needs and returns the value the hand-edited manifest holds.
  const escapes: Record<string, (join: (...p: string[]) => string, field: ItemField) => string> = {
    'an absolute path': (join) => join('outside', 'secret.png'),
    'a .. escape': () => fromRun('outside', 'secret.png'),
    'a file link in the run folder': (join) => {
      symlinkSync(join('outside', 'secret.png'), join('run', 'images', 'evil.png'));
      return 'images/evil.png';
    },
    'a folder link in the run folder': (join) => {
      symlinkSync(join('outside'), join('run', 'sneaky'));
      return 'sneaky/secret.png';
    },
    "a file link in the field's folder": (join, field) => {
      symlinkSync(join('outside', 'secret.png'), join(HOME[field], 'evil.png'));
      return path.posix.relative('run', `${HOME[field]}/evil.png`);
    },
    'a named pipe': (join, field) => {
      makeFifo(join(HOME[field], 'pipe.png'));
      return path.posix.relative('run', `${HOME[field]}/pipe.png`);
    },
    'a folder': (join, field) => {
      mkdirSync(join(HOME[field], 'dir.png'));
      return path.posix.relative('run', `${HOME[field]}/dir.png`);
    },
  };
  let cases = 0;
  for (const field of FIELDS) {
    for (const [name, plant] of Object.entries(escapes)) {
      const { join, item } = layout();
      const value = plant(join, field);
      const edited = { ...item, [field]: value };
      const pipe = join(HOME[field], 'pipe.png');
      const { outcome, released } = await withPipeGuard([pipe], async () =>
        (await open(join)).forReading(edited, field),
      );
      assert.equal(released, false, `${field}, ${name}: blocked on the pipe`);
      assert.equal(outcome.status, 'rejected', `${field}, ${name}: accepted ${value}`);
      const error = outcome.reason as unknown;
      assert.ok(error instanceof ManifestPathError, `${field}, ${name}: ${String(error)}`);
      assert.equal(error.itemId, 'benign/a__0');
      assert.equal(error.field, field);
      assert.match(error.message, new RegExp(`^item "benign/a__0", field "${field}": `));
      cases += 1;
    }
  }
  assert.equal(cases, FIELDS.length * Object.keys(escapes).length);
});

test('the reasons say what was wrong', async () => {
  const { join, item } = layout();
  makeFifo(join('source', 'pipe.png'));
  const paths = await open(join);
  const reason = async (edit: Partial<ManifestItem>, field: ItemField): Promise<string> =>
    paths.forReading({ ...item, ...edit }, field).then(
      () => 'accepted',
      (error: Error) => error.message,
    );
  assert.match(await reason({ source: '/etc/hosts' }, 'source'), /is an absolute path/);
  assert.match(await reason({ source: 'C:/x.png' }, 'source'), /is an absolute path/);
  assert.match(
    await reason({ output: '../outside/secret.png' }, 'output'),
    /resolves to .*secret\.png, outside the run folder/,
  );
  assert.match(
    await reason({ source: '../source/pipe.png' }, 'source'),
    /is a named pipe \(FIFO\), not a regular file/,
  );
  assert.match(await reason({ target: '../target/none.png' }, 'target'), /does not exist/);
  const noRecord = await ManifestPaths.open(join('run', 'maskmedpaint.json'), {
    ...INPUTS,
    targetMasks: null,
  });
  await assert.rejects(noRecord.forReading(item, 'targetMask'), /records no folder for it/);
});

test('edited masks in the run folder and masks beside a recorded mask CSV are accepted', async () => {
  const { join, item } = layout();
  mkdirSync(join('run', 'edited-masks'));
  writeFileSync(join('run', 'edited-masks', 'a.png'), 'edited');
  const paths = await open(join);
  const edited = await paths.forReading({ ...item, mask: 'edited-masks/a.png' }, 'mask');
  assert.equal(readFileSync(edited!.realPath, 'utf8'), 'edited');
  writeFileSync(join('masks', 'masks.csv'), 'image,mask\n');
  mkdirSync(join('masks', 'more'));
  writeFileSync(join('masks', 'more', 'b.png'), 'b');
  const viaCsv = await ManifestPaths.open(join('run', 'maskmedpaint.json'), {
    ...INPUTS,
    masks: '../masks/masks.csv',
  });
  assert.ok(await viaCsv.forReading({ ...item, mask: '../masks/more/b.png' }, 'mask'));
});

test('writes: only inside the run folder, through no link, never into an input folder', async () => {
  const { join, item } = layout();
  const paths = await open(join);
  await assert.rejects(
    paths.outputForWriting({ ...item, output: '../source/a.png' }),
    /field "output": "..\/source\/a.png" lies outside the run folder/,
  );
  symlinkSync(join('source'), join('run', 'images', 'linked'));
  await assert.rejects(
    paths.outputForWriting({ ...item, output: 'images/linked/a.png' }),
    /field "output": .*cannot be written: .*through a symbolic link/,
  );
  makeFifo(join('run', 'images', 'pipe.png'));
  await assert.rejects(
    paths.outputForWriting({ ...item, output: 'images/pipe.png' }),
    /named pipe \(FIFO\); only a regular file may be replaced/,
  );
  symlinkSync(join('outside'), join('run', 'edited-masks'));
  await assert.rejects(
    paths.runFolderWriteTarget(join('run', 'edited-masks', 'a.png')),
    (error: unknown) => error instanceof ConfinementError && /symbolic link/.test(error.message),
  );
  // A hand-edited manifest that records the run folder itself as the source folder.
  const sourceHere = await ManifestPaths.open(join('run', 'maskmedpaint.json'), {
    ...INPUTS,
    source: '.',
  });
  await assert.rejects(
    sourceHere.outputForWriting(item),
    /cannot be written: .* lies inside the source folder/,
  );
});

test('a manifest that is itself a named pipe is refused at once', async () => {
  const pipe = path.join(tempDir(), 'maskmedpaint.json');
  makeFifo(pipe);
  const { outcome, released } = await withPipeGuard([pipe], () => readManifest(pipe));
  assert.equal(released, false, 'blocked on the pipe');
  assert.equal(outcome.status, 'rejected');
  const error = outcome.reason as unknown;
  assert.ok(error instanceof ManifestError);
  assert.match(error.message, /cannot read the file \(.*named pipe \(FIFO\), not a regular file\)/);
});
