/**
 * JSON Schema validation of recipes and manifests with ajv, reporting every problem with the
 * JSON path it concerns (e.g. `/items/3/sha256: must match pattern "^[0-9a-f]{64}$"`).
 */
import type { ErrorObject } from 'ajv';
// Compiled from schema/recipe.schema.json and schema/manifest.schema.json by
// `npm run generate:schemas` (compiling them here cost every command about 65 ms at start-up).
import * as validators from './schemaValidators.generated';

/** Keywords whose errors only summarise their branches' errors (reported separately). */
const SUMMARY_KEYWORDS = new Set(['if', 'anyOf', 'oneOf']);

function describeOne(error: ErrorObject): string {
  const where = error.instancePath === '' ? '/' : error.instancePath;
  switch (error.keyword) {
    case 'additionalProperties': {
      const extra = (error.params as { additionalProperty?: string }).additionalProperty;
      return `${where}: unknown property "${extra ?? '?'}"`;
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues ?? [];
      return `${where}: must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;
    }
    case 'const':
      return `${where}: must be ${JSON.stringify((error.params as { allowedValue?: unknown }).allowedValue)}`;
    default:
      return `${where}: ${error.message ?? 'is invalid'}`;
  }
}

/**
 * One readable line per ajv error, led by the JSON path ('/' for the root). Summary lines of
 * anyOf/oneOf/if ("must match a schema in anyOf") are dropped when the branches said more.
 */
export function describeSchemaErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  const all = errors ?? [];
  const specific = all.filter((error) => !SUMMARY_KEYWORDS.has(error.keyword));
  return [...new Set((specific.length > 0 ? specific : all).map(describeOne))];
}

/** Validates a value against schema/recipe.schema.json; returns the problems (empty when valid). */
export function recipeSchemaProblems(value: unknown): string[] {
  const validate = validators.recipe;
  return validate(value) ? [] : describeSchemaErrors(validate.errors);
}

/** Validates a value against schema/manifest.schema.json; returns the problems (empty when valid). */
export function manifestSchemaProblems(value: unknown): string[] {
  const validate = validators.manifest;
  return validate(value) ? [] : describeSchemaErrors(validate.errors);
}
