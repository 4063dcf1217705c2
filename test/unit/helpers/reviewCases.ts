/**
 * Builds the run folder of the shared review fixture (test/fixtures/review/cases.json): every
 * review case (approved, pending, rejected, failed; decisions in the journal, a stale decision, an
 * unknown id, malformed and torn lines) in one manifest plus decisions journal. The Python tests
 * build the same folder from the same file (python/tests/review_cases.py).
 */
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import sharp from 'sharp';
import { writeManifest } from '../../../src/core/jobs/manifestStore';
import { resolveRecipe } from '../../../src/core/recipe/resolveRecipe';
import type {
  ItemStatus,
  Manifest,
  ManifestItem,
  ReviewStatus,
} from '../../../src/shared/manifest';
import { DECISIONS_FILE_NAME, MANIFEST_FILE_NAME } from '../../../src/shared/manifest';

interface CaseItem {
  id: string;
  label: string;
  status: ItemStatus;
  decidedBy?: string;
}

interface CaseDecision {
  id: string;
  status: ReviewStatus;
  image: 'current' | 'earlier';
  decidedBy: string;
  note?: string;
}

/** The fixture file's content. */
export interface ReviewCases {
  items: CaseItem[];
  journal: Array<CaseDecision | string>;
  tornTail: string;
  expected: {
    statuses: Record<string, ItemStatus>;
    decidedBy: Record<string, string>;
    staleDecisions: Record<string, ReviewStatus>;
    unknownDecisions: string[];
    malformedLines: number;
    usable: { reviewRequired: string[]; reviewNotRequired: string[] };
  };
}

export const REVIEW_CASES = JSON.parse(
  readFileSync(path.resolve(__dirname, '..', '..', 'fixtures', 'review', 'cases.json'), 'utf8'),
) as ReviewCases;

/** The SHA-256 of an output that was since regenerated (an image nobody has any more). */
export const EARLIER_SHA256 = 'e'.repeat(64);

/** The ids training may use under a policy, as the fixture expects them. */
export function expectedUsable(requireReview: boolean): string[] {
  const { usable } = REVIEW_CASES.expected;
  return requireReview ? usable.reviewRequired : usable.reviewNotRequired;
}

async function tinyPng(file: string, grey: number): Promise<Buffer> {
  mkdirSync(path.dirname(file), { recursive: true });
  const bytes = await sharp({
    create: { width: 4, height: 4, channels: 3, background: { r: grey, g: grey, b: grey } },
  })
    .png()
    .toBuffer();
  writeFileSync(file, bytes);
  return bytes;
}

/**
 * Writes `root/source/<label>/<id>.png` and the run folder `root/run` (images, manifest with
 * `requireReview` unless undefined, decisions journal); returns the manifest path.
 */
export async function buildReviewCaseRun(
  root: string,
  requireReview: boolean | undefined,
): Promise<string> {
  const runDir = path.join(root, 'run');
  const items: ManifestItem[] = [];
  for (const [index, { id, label, status, decidedBy }] of REVIEW_CASES.items.entries()) {
    const stem = id.replace(/__\d+$/, '');
    await tinyPng(path.join(root, 'source', label, `${stem}.png`), 10 + index);
    const failed = status === 'failed';
    const output = failed ? null : `images/${label}/${stem}__k0.png`;
    const bytes = output ? await tinyPng(path.join(runDir, output), 100 + index) : null;
    items.push({
      id,
      source: `../source/${label}/${stem}.png`,
      mask: null,
      label,
      target: null,
      seed: index,
      output,
      sha256: bytes ? createHash('sha256').update(bytes).digest('hex') : null,
      status,
      error: failed ? 'decoder failed' : null,
      ...(decidedBy ? { review: { decidedAt: '2026-01-01T00:00:00.000Z', decidedBy } } : {}),
    });
  }
  const manifest: Manifest = {
    schemaVersion: 1,
    tool: { name: 'maskmedpaint', version: '0.1.0' },
    createdAt: '2026-01-01T00:00:00.000Z',
    ...(requireReview !== undefined ? { requireReview } : {}),
    recipe: resolveRecipe('custom', { engine: 'composite' }),
    model: null,
    inputs: {
      source: '../source',
      target: '../target',
      masks: null,
      labels: null,
      counts: {
        sources: items.length,
        targets: 1,
        masks: 0,
        skippedNonImages: 0,
        sourcesWithoutMask: items.length,
        unmatchedMasks: 0,
      },
    },
    items,
  };
  const manifestPath = path.join(runDir, MANIFEST_FILE_NAME);
  await writeManifest(manifestPath, manifest);
  const shaOf = new Map(items.map((item) => [item.id, item.sha256]));
  const lines = REVIEW_CASES.journal.map((entry, index) => {
    if (typeof entry === 'string') return entry;
    const sha256 = entry.image === 'current' ? shaOf.get(entry.id) : EARLIER_SHA256;
    return JSON.stringify({
      id: entry.id,
      status: entry.status,
      ...(entry.note ? { note: entry.note } : {}),
      decidedAt: `2026-02-01T00:00:${String(index).padStart(2, '0')}.000Z`,
      decidedBy: entry.decidedBy,
      sha256: sha256 ?? EARLIER_SHA256,
    });
  });
  const journal = path.join(runDir, DECISIONS_FILE_NAME);
  writeFileSync(journal, lines.map((line) => `${line}\n`).join(''));
  appendFileSync(journal, REVIEW_CASES.tornTail);
  return manifestPath;
}
