/**
 * A copy of the inpaint tests' run whose first items carry every badge the gallery and the review
 * panel draw (a decision a re-run reset, each mask flag, a visible seam, a failure), so the
 * contrast checks see all of them in the first rows of the grid.
 */
import * as vscode from 'vscode';
import { DECISIONS_FILE_NAME, type Manifest } from '../../../src/shared/manifest';
import { fixtureManifest, inWorkspace, readJson } from './helpers';

/** The copied run's manifest and the ids of its items with badges. */
export interface BadgeRun {
  manifest: vscode.Uri;
  /** Pending again after a re-run, with a stale decision and every mask flag. */
  staleFlagged: string;
  /** Failed: no image, the full error in the review panel. */
  failed: string;
}

/** Copies the fixture run to data/badges-maskmedpaint and gives its first items every badge. */
export async function writeBadgeRun(): Promise<BadgeRun> {
  const from = vscode.Uri.joinPath(fixtureManifest(), '..');
  const folder = inWorkspace('data', 'badges-maskmedpaint');
  await vscode.workspace.fs.copy(from, folder, { overwrite: true });
  // The copy's statuses are the ones written below, not the original run's decisions.
  await vscode.workspace.fs
    .delete(vscode.Uri.joinPath(folder, DECISIONS_FILE_NAME))
    .then(undefined, () => undefined);
  const manifestUri = vscode.Uri.joinPath(folder, 'maskmedpaint.json');
  const manifest = await readJson<Manifest>(manifestUri);
  const [stale, seam, failed, approved] = manifest.items;
  if (!stale || !seam || !failed || !approved) throw new Error('the fixture run has < 4 items');
  const decidedAt = new Date().toISOString();
  Object.assign(stale, {
    status: 'pending',
    review: { decidedAt, staleDecision: { status: 'approved', sha256: '0'.repeat(64) } },
    maskCoverage: 0,
    maskComponents: 5,
    maskAspectMismatch: { maskWidth: 32, maskHeight: 64, imageWidth: 64, imageHeight: 64 },
  });
  Object.assign(seam, {
    status: 'rejected',
    review: { decidedAt },
    quality: { ...seam.quality, seam: 40 },
  });
  Object.assign(failed, {
    status: 'failed',
    output: null,
    sha256: null,
    error: 'engine failed: the output was black three times (contrast check fixture)',
  });
  delete failed.quality;
  Object.assign(approved, { status: 'approved', review: { decidedAt } });
  await vscode.workspace.fs.writeFile(
    manifestUri,
    new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`),
  );
  return { manifest: manifestUri, staleFlagged: stale.id, failed: failed.id };
}
