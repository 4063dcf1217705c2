/**
 * Checks a parsed shard plan against schema/plan.schema.json (ajv) and the rules a schema cannot
 * express: shards numbered 0..n-1 in order, every item id and output once in the whole plan, and
 * every shard folder and output a plain relative path that stays inside its folder.
 */
import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import planSchema from '../../../schema/plan.schema.json';
import recipeSchema from '../../../schema/recipe.schema.json';
import { describeSchemaErrors } from '../util/schemas';
import { isAbsoluteManifestPath } from '../jobs/manifestPaths';
import type { ShardPlan } from './planFormat';

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
    ajv.addSchema(recipeSchema);
    compiled = ajv.compile(planSchema);
  }
  return compiled;
}

/** True when a relative POSIX path never climbs out of its folder (`a/../..` does, `a/b` not). */
export function staysInside(relative: string): boolean {
  if (isAbsoluteManifestPath(relative)) return false;
  let depth = 0;
  for (const part of relative.split('/')) {
    if (part === '..') depth -= 1;
    else if (part !== '.' && part !== '') depth += 1;
    if (depth < 0) return false;
  }
  return depth > 0;
}

/** Every problem of a parsed plan, each led by its JSON path; empty when it can be used. */
export function planProblems(value: unknown): string[] {
  const validate = validator();
  if (!validate(value)) return describeSchemaErrors(validate.errors);
  const plan = value as ShardPlan;
  const problems: string[] = [];
  const ids = new Map<string, string>();
  const outputs = new Map<string, string>();
  const folders = new Map<string, number>();
  plan.shards.forEach((shard, s) => {
    if (shard.index !== s) problems.push(`/shards/${s}/index: expected ${s}, got ${shard.index}`);
    if (!staysInside(shard.folder))
      problems.push(`/shards/${s}/folder: "${shard.folder}" leaves the plan's folder`);
    const sameFolder = folders.get(shard.folder.toLowerCase());
    if (sameFolder !== undefined)
      problems.push(`/shards/${s}/folder: "${shard.folder}" is also shard ${sameFolder}'s`);
    folders.set(shard.folder.toLowerCase(), s);
    shard.items.forEach((item, i) => {
      const where = `/shards/${s}/items/${i}`;
      const firstId = ids.get(item.id);
      if (firstId !== undefined)
        problems.push(`${where}/id: duplicate id "${item.id}" (${firstId})`);
      else ids.set(item.id, where);
      if (!staysInside(item.output))
        problems.push(`${where}/output: "${item.output}" leaves the run folder`);
      // Lower-cased: on macOS and Windows two names differing in case are one file.
      const key = item.output.toLowerCase();
      const firstOutput = outputs.get(key);
      if (firstOutput !== undefined)
        problems.push(`${where}/output: "${item.output}" is also ${firstOutput}'s output`);
      else outputs.set(key, where);
    });
  });
  return problems;
}
