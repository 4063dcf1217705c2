/**
 * A shard's inputs against the plan, before it runs. Every file its items read must be a regular
 * file whose real location lies in the input folder the plan records for it (a hand-edited plan
 * cannot make a shard read elsewhere), and must still hash to what the plan recorded (a file
 * changed after planning would make something other than what was planned).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import {
  describeFileKind,
  isSameOrDescendant,
  realPathAllowingMissing,
} from '../util/confinedPath';
import { sha256File } from '../util/hash';
import { planPath, type LoadedPlan } from './planFile';

/** One input that may not be used as the plan says. */
export interface ChangedInput {
  /** The path as the plan records it (relative to the plan's folder). */
  file: string;
  /** What is wrong, e.g. "its content changed since the plan was made". */
  reason: string;
}

type Role = 'source' | 'masks' | 'target' | 'targetMasks';

/** The real folder of each input role; a mask CSV's masks lie in the CSV's folder. */
async function realRoots(loaded: LoadedPlan): Promise<Record<Role, string | null>> {
  const { inputs } = loaded.plan;
  const root = async (relative: string | null, csvFolder = false): Promise<string | null> => {
    if (relative === null) return null;
    const absolute = planPath(loaded, relative);
    const isFile = (await fs.stat(absolute).catch(() => null))?.isFile() === true;
    return realPathAllowingMissing(csvFolder && isFile ? path.dirname(absolute) : absolute);
  };
  return {
    source: await root(inputs.source),
    masks: await root(inputs.masks, true),
    target: await root(inputs.target),
    targetMasks: await root(inputs.targetMasks),
  };
}

/** Why `file` may not be read as an input of `role`, or null when it may. */
async function refusal(absolute: string, root: string | null, role: Role): Promise<string | null> {
  if (root === null) return `the plan records no ${role} folder for it (inputs.${role})`;
  let real: string;
  try {
    real = await fs.realpath(absolute);
    const stats = await fs.stat(real);
    if (!stats.isFile()) return `is ${describeFileKind(stats)}, not a regular file`;
  } catch (error) {
    return `cannot be read (${(error as Error).message})`;
  }
  if (!isSameOrDescendant(real, root))
    return `resolves to ${real}, outside the ${role} folder ${root} (inputs.${role})`;
  return null;
}

/** The inputs of shard `index` that may not be used as planned (empty when all are fine). */
export async function changedInputs(loaded: LoadedPlan, index: number): Promise<ChangedInput[]> {
  const { plan } = loaded;
  const roots = await realRoots(loaded);
  const wanted = new Map<string, Role>();
  for (const item of plan.shards[index]?.items ?? []) {
    wanted.set(item.source, 'source');
    if (item.mask !== null) wanted.set(item.mask, 'masks');
    if (item.target !== null) wanted.set(item.target, 'target');
    if (item.targetMask !== null) wanted.set(item.targetMask, 'targetMasks');
  }
  const changed: ChangedInput[] = [];
  const check = async (file: string, refused: string | null): Promise<void> => {
    const expected = plan.inputs.files[file];
    if (refused !== null) changed.push({ file, reason: refused });
    else if (expected === undefined)
      changed.push({ file, reason: 'the plan records no hash for it' });
    else if ((await sha256File(planPath(loaded, file))) !== expected)
      changed.push({ file, reason: 'its content changed since the plan was made' });
  };
  for (const [file, role] of wanted) {
    await check(file, await refusal(planPath(loaded, file), roots[role], role));
  }
  // The labels CSV and a mask CSV decided labels and masks: they are inputs too.
  for (const csv of [plan.inputs.labels, plan.inputs.masks]) {
    if (csv === null || plan.inputs.files[csv] === undefined) continue;
    const stats = await fs.stat(planPath(loaded, csv)).catch(() => null);
    await check(csv, stats?.isFile() ? null : 'cannot be read as a regular file');
  }
  return changed;
}
