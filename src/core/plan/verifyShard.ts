/**
 * Checks one finished shard against the plan before its results join the merged run: its
 * manifest is valid and belongs to this plan (creation time, recipe, model, inputs), it holds
 * exactly the shard's items, each made from the planned source, mask, target, target mask, label
 * and seed, every path it names is confined like any manifest's (manifestPaths.ts), and each
 * source was, when generated, the file the plan hashed; a region overlay (quality.regions) lies
 * where the writer puts it for the planned output and exists. The output bytes are hashed by the
 * merge as it copies them (the overlay has no recorded hash: it is copied as it is).
 */
import type { ManifestItem } from '../../shared/manifest';
import { ManifestError, readManifest } from '../jobs/manifestStore';
import { ManifestPathError, ManifestPaths, type ManifestPathField } from '../jobs/manifestPaths';
import { toManifestItem } from '../jobs/resumeState';
import { regionsRelPath } from '../quality/regionFile';
import { stableStringify } from '../util/stableJson';
import type { LoadedPlan } from './planFile';
import { shardJobPlan } from './planJobs';

/**
 * A shard's item record, where its output is (null for a failed item) and where its region
 * overlay is (null when the record names none).
 */
export interface VerifiedItem {
  record: ManifestItem;
  output: string | null;
  regions: string | null;
}

/** What a shard holds, by item id, and every problem found (empty when it can be merged). */
export interface VerifiedShard {
  items: Map<string, VerifiedItem>;
  problems: string[];
}

const INPUT_FIELDS = ['source', 'mask', 'target', 'targetMask', 'label', 'seed'] as const;
const CONFINED_FIELDS: readonly ManifestPathField[] = ['source', 'mask', 'target', 'targetMask'];

/** Verifies shard `index` (its folder should be locked by the caller). */
export async function verifyShard(loaded: LoadedPlan, index: number): Promise<VerifiedShard> {
  const job = shardJobPlan(loaded, index);
  const { plan } = loaded;
  const items = new Map<string, VerifiedItem>();
  const problems: string[] = [];
  const problem = (text: string): void => void problems.push(`shard ${index}: ${text}`);
  let manifest;
  try {
    manifest = await readManifest(job.manifestPath);
  } catch (error) {
    if (!(error instanceof ManifestError)) throw error;
    problem(error.message);
    return { items, problems };
  }
  if (manifest.createdAt !== plan.createdAt)
    problem(`its manifest was made for another plan (created ${manifest.createdAt})`);
  if (stableStringify(manifest.recipe) !== stableStringify(plan.recipe))
    problem('its manifest records another recipe than the plan');
  if (stableStringify(manifest.model) !== stableStringify(plan.model))
    problem('its manifest records another model than the plan');
  if (stableStringify(manifest.inputs) !== stableStringify(job.inputs))
    problem('its manifest records other input folders than the plan');
  const recorded = new Map(manifest.items.map((item) => [item.id, item]));
  const planned = new Set(job.items.map((item) => item.id));
  for (const id of recorded.keys())
    if (!planned.has(id)) problem(`item "${id}" is not one of the shard's items`);
  const paths = await ManifestPaths.open(job.manifestPath, manifest.inputs);
  const planItems = new Map(plan.shards[index]?.items.map((item) => [item.id, item]));
  for (const item of job.items) {
    const record = recorded.get(item.id);
    if (!record) {
      problem(`item "${item.id}" is missing from its manifest`);
      continue;
    }
    const expected = toManifestItem(job, item, record);
    const differs = INPUT_FIELDS.filter((f) => (record[f] ?? null) !== (expected[f] ?? null));
    if (differs.length > 0)
      problem(`item "${item.id}" was made from another ${differs.join(', ')} than planned`);
    const failed = record.status === 'failed';
    if (!failed && record.output !== item.outputRel)
      problem(`item "${item.id}": output "${String(record.output)}", planned "${item.outputRel}"`);
    // The overlay has no recorded hash; it must lie where the writer puts it for this output.
    const regions = record.quality?.regions;
    if (regions !== undefined && regions !== regionsRelPath(item.outputRel))
      problem(
        `item "${item.id}": region overlay "${regions}", planned "${regionsRelPath(item.outputRel)}"`,
      );
    const sourceHash = planItems.get(item.id)?.source;
    const fingerprint = record.sourceFingerprint?.sha256;
    if (fingerprint && sourceHash && fingerprint !== plan.inputs.files[sourceHash])
      problem(`item "${item.id}" was made from a source other than the one the plan hashed`);
    try {
      for (const field of CONFINED_FIELDS) await paths.forReading(record, field);
      const output = failed ? null : ((await paths.forReading(record, 'output'))?.path ?? null);
      const overlay = failed ? null : await paths.forReading(record, 'quality.regions');
      items.set(item.id, { record, output, regions: overlay?.path ?? null });
    } catch (error) {
      if (!(error instanceof ManifestPathError)) throw error;
      problem(error.message);
    }
  }
  return { items, problems };
}
