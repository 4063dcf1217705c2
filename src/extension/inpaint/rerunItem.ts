/**
 * Re-runs one manifest item with an edited key-region mask (the review panel's brush tool).
 *
 * The CLI works on folders, so the item's source image and its edited mask are copied into a
 * private temp folder under the same relative path, and the CLI runs there with the manifest as
 * its recipe (`--recipe maskmedpaint.json`). Item seeds and target picks derive from the master
 * seed and the source's relative path, so the temp run reproduces the item exactly except for
 * the mask. Its output then replaces the item's output (atomically) and the item records the
 * edited mask, the new hash and "pending" (it needs a fresh review).
 */
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { readManifest, writeCsv, writeManifest } from '../../core/jobs/manifestStore';
import { writeFileAtomic } from '../../core/util/atomicWrite';
import { sha256Hex } from '../../core/util/hash';
import { isSameOrInside, relativePosix, toPosix } from '../../core/util/posixPath';
import { MANIFEST_CSV_NAME, type Manifest, type ManifestItem } from '../../shared/manifest';
import type { HostServices } from '../hostServices';
import { runAugmentJob } from '../jobs/runAugmentJob';
import { readSettings } from '../settings';

/** The item, the source's path relative to the source root, and absolute input folders. */
function locate(manifest: Manifest, manifestPath: string, itemId: string) {
  const item = manifest.items.find((candidate) => candidate.id === itemId);
  if (!item) throw new Error(`no item "${itemId}" in ${manifestPath}`);
  if (item.output === null) throw new Error(`item "${itemId}" has no output to replace`);
  const dir = path.dirname(manifestPath);
  const sourceRoot = path.resolve(dir, manifest.inputs.source);
  const source = path.resolve(dir, item.source);
  const relPath = path.relative(sourceRoot, source);
  if (!isSameOrInside(sourceRoot, source)) {
    throw new Error(
      `source ${source} of "${itemId}" is not inside the source folder ${sourceRoot}`,
    );
  }
  return { item, dir, source, relPath, target: path.resolve(dir, manifest.inputs.target) };
}

/** The generated item of the temp run that stands for `original` (same seed, same source). */
function matchingItem(run: Manifest, original: ManifestItem, relPath: string): ManifestItem {
  const posixRel = toPosix(relPath);
  const match = run.items.find(
    (item) => item.seed === original.seed && item.source.endsWith(posixRel),
  );
  if (!match?.output) throw new Error(`the re-run produced no image for ${original.id}`);
  return match;
}

/** Re-runs `itemId` of the manifest with the mask at `editedMaskPath`. */
export async function rerunItemWithMask(
  services: HostServices,
  manifestUri: vscode.Uri,
  itemId: string,
  editedMaskPath: string,
): Promise<void> {
  if (!services.isTrusted()) throw new Error('re-running an item needs a trusted workspace');
  const manifestPath = manifestUri.fsPath;
  const manifest = await readManifest(manifestPath);
  const { item, dir, source, relPath, target } = locate(manifest, manifestPath, itemId);
  const work = await mkdtemp(path.join(tmpdir(), 'maskmedpaint-rerun-'));
  try {
    const stagedSource = path.join(work, 'source', relPath);
    const stagedMask = path.join(
      work,
      'masks',
      path.dirname(relPath),
      `${path.parse(relPath).name}.png`,
    );
    await mkdir(path.dirname(stagedSource), { recursive: true });
    await mkdir(path.dirname(stagedMask), { recursive: true });
    await copyFile(source, stagedSource);
    await copyFile(editedMaskPath, stagedMask);
    const out = path.join(work, 'out');
    const settings = readSettings(true, manifestUri);
    const args = ['augment', '--source', path.join(work, 'source'), '--target', target];
    args.push(
      '--masks',
      path.join(work, 'masks'),
      '--recipe',
      manifestPath,
      '--out',
      out,
      '--json',
    );
    const result = await runAugmentJob({
      title: `MaskMedPaint: re-running ${itemId}`,
      cliPath: services.context.asAbsolutePath(path.join('dist', 'cli.js')),
      args,
      engine: manifest.recipe.engine,
      executionProvider: settings.executionProvider,
      logger: services.logger,
      statusBar: services.statusBar,
    });
    if (!result.finished || result.finished.cancelled) {
      throw new Error(
        `the re-run of ${itemId} did not finish: ${result.stderr.trim().split('\n').pop() ?? ''}`,
      );
    }
    const run = await readManifest(result.finished.manifest);
    const fresh = matchingItem(run, item, relPath);
    const bytes = await readFile(
      path.resolve(path.dirname(result.finished.manifest), fresh.output ?? ''),
    );
    await writeFileAtomic(path.resolve(dir, item.output ?? ''), bytes);
    // Re-read: a review decision may have been written while the item ran.
    const latest = await readManifest(manifestPath);
    const entry = latest.items.find((candidate) => candidate.id === itemId);
    if (!entry) throw new Error(`item "${itemId}" disappeared from ${manifestPath}`);
    entry.mask = relativePosix(dir, editedMaskPath);
    entry.sha256 = sha256Hex(bytes);
    entry.status = 'pending';
    entry.error = null;
    if (fresh.maskCoverage !== undefined) entry.maskCoverage = fresh.maskCoverage;
    delete entry.review;
    await writeManifest(manifestPath, latest);
    await writeCsv(path.join(dir, MANIFEST_CSV_NAME), latest);
    services.logger.info(`re-run: ${itemId} regenerated with ${editedMaskPath}`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
