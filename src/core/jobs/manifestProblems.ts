/**
 * The manifest's validity: its JSON Schema and the rules the schema cannot express. No Node.js
 * import, so the JupyterLab renderer checks a manifest it fetched in the browser the same way.
 */
import type { Manifest } from '../../shared/manifest';
import { manifestSchemaProblems } from '../util/schemas';

/** Checks a parsed value against the manifest schema and the rules the schema cannot express. */
export function manifestProblems(value: unknown): string[] {
  const problems = manifestSchemaProblems(value);
  if (problems.length > 0) return problems;
  const seen = new Map<string, number>();
  (value as Manifest).items.forEach((item, index) => {
    const first = seen.get(item.id);
    if (first !== undefined)
      problems.push(`/items/${index}/id: duplicate id "${item.id}" (also /items/${first}/id)`);
    else seen.set(item.id, index);
  });
  return problems;
}
