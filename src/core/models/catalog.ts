/**
 * The bundled model catalog (models/catalog.json), validated against its JSON Schema on load.
 */
import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import catalogJson from '../../../models/catalog.json';
import catalogSchema from '../../../models/catalog.schema.json';
import { describeSchemaErrors } from '../util/schemas';
import type { Catalog, CatalogEntry } from './catalogTypes';

let validator: ValidateFunction | undefined;

/** Validate a catalog-shaped value; throws with every schema problem listed. */
export function parseCatalog(value: unknown): Catalog {
  validator ??= new Ajv({ allErrors: true, strictTypes: false }).compile(catalogSchema);
  if (!validator(value)) {
    throw new Error(`Invalid model catalog:\n${describeSchemaErrors(validator.errors).join('\n')}`);
  }
  const catalog = value as Catalog;
  const seen = new Set<string>();
  for (const entry of catalog.models) {
    if (seen.has(entry.id)) throw new Error(`Invalid model catalog: duplicate id "${entry.id}"`);
    seen.add(entry.id);
    const unverifiedFile = entry.files.some((file) => file.sha256 === null);
    if (entry.verified && unverifiedFile) {
      throw new Error(
        `Invalid model catalog: "${entry.id}" is marked verified but has a file without sha256`,
      );
    }
    if (entry.kind === 'plain-inpainter' && entry.engine === undefined) {
      throw new Error(`Invalid model catalog: plain inpainter "${entry.id}" names no engine`);
    }
  }
  return catalog;
}

let bundled: Catalog | undefined;

/** The catalog shipped with this version of MaskMedPaint. */
export function loadCatalog(): Catalog {
  bundled ??= parseCatalog(catalogJson);
  return bundled;
}

/** The entry with `id`, or a clear error listing the known ids. */
export function findCatalogEntry(id: string, catalog: Catalog = loadCatalog()): CatalogEntry {
  const entry = catalog.models.find((model) => model.id === id);
  if (entry === undefined) {
    throw new Error(
      `Unknown model "${id}". Known models: ${catalog.models.map((m) => m.id).join(', ')}`,
    );
  }
  return entry;
}
