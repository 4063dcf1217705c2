/**
 * Key-region masks from a CheXmask-style CSV: one row per image with an id column, RLE columns
 * per organ ("Left Lung", "Right Lung", "Heart") and the mask's "Height" and "Width". The chosen
 * organs are decoded and OR-ed together (lungs + heart by default, as the authors did for chest
 * X-rays). The CSV is read line by line: the real tables are gigabytes.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseCsv } from '../util/csv';
import type { BinaryMask } from '../image/rawImage';
import { decodeRle } from './rle';

export const CHEXMASK_ORGANS = ['Left Lung', 'Right Lung', 'Heart'] as const;

/** Id column names used by the CheXmask tables of the six source datasets, tried in order. */
const ID_COLUMNS = [
  'dicom_id',
  'Image Index',
  'ImageID',
  'image_id',
  'Path',
  'ImageId',
  'Image ID',
  'id',
];

const ORGAN_ALIASES: Record<string, readonly string[]> = {
  lungs: ['Left Lung', 'Right Lung'],
  'left-lung': ['Left Lung'],
  'right-lung': ['Right Lung'],
  heart: ['Heart'],
};

/** Expand user organ names ("lungs", "heart", "Left Lung") to CSV column names. */
export function resolveOrgans(organs: readonly string[]): string[] {
  const columns: string[] = [];
  for (const organ of organs) {
    const alias = ORGAN_ALIASES[organ.trim().toLowerCase().replace(/\s+/g, '-')];
    for (const column of alias ?? [organ.trim()])
      if (!columns.includes(column)) columns.push(column);
  }
  return columns;
}

export interface ChexmaskReadOptions {
  /** Organs to combine; default lungs + heart. */
  organs?: readonly string[];
  /** Column holding the image id; default: the first known CheXmask id column present. */
  idColumn?: string;
  /** Mask size for tables without Height/Width columns (CheXmask's preprocessed tables are 1024). */
  maskSize?: { width: number; height: number };
}

export interface ChexmaskRow {
  id: string;
  /** 1-based line number in the CSV, for messages. */
  line: number;
  mask: BinaryMask;
}

interface ColumnPlan {
  id: number;
  organs: number[];
  height: number | undefined;
  width: number | undefined;
}

function planColumns(header: string[], options: ChexmaskReadOptions): ColumnPlan {
  const find = (name: string): number => header.findIndex((column) => column.trim() === name);
  const idName = options.idColumn ?? ID_COLUMNS.find((name) => find(name) >= 0);
  const id = idName === undefined ? 0 : find(idName);
  if (id < 0)
    throw new Error(`CSV has no id column "${idName ?? ''}"; columns: ${header.join(', ')}`);
  const organNames = resolveOrgans(options.organs ?? CHEXMASK_ORGANS);
  const organs = organNames.map((name) => {
    const index = find(name);
    if (index < 0)
      throw new Error(`CSV has no organ column "${name}"; columns: ${header.join(', ')}`);
    return index;
  });
  const height = find('Height');
  const width = find('Width');
  if ((height < 0 || width < 0) && options.maskSize === undefined) {
    throw new Error(
      'CSV has no Height/Width columns; give the mask size (CheXmask preprocessed tables: 1024).',
    );
  }
  return {
    id,
    organs,
    height: height >= 0 ? height : undefined,
    width: width >= 0 ? width : undefined,
  };
}

function decodeRow(
  fields: string[],
  plan: ColumnPlan,
  line: number,
  options: ChexmaskReadOptions,
): ChexmaskRow {
  const id = (fields[plan.id] ?? '').trim();
  if (id === '') throw new Error(`line ${line}: empty image id`);
  const height = plan.height !== undefined ? Number(fields[plan.height]) : options.maskSize!.height;
  const width = plan.width !== undefined ? Number(fields[plan.width]) : options.maskSize!.width;
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 1 || width < 1) {
    throw new Error(`line ${line} (${id}): Height/Width are not positive integers`);
  }
  const combined = new Uint8Array(width * height);
  for (const column of plan.organs) {
    const rle = fields[column] ?? '';
    // Pandas writes a missing organ as an empty field or "nan".
    if (rle.trim() === '' || rle.trim().toLowerCase() === 'nan') continue;
    let organ: BinaryMask;
    try {
      organ = decodeRle(rle, width, height);
    } catch (error) {
      throw new Error(`line ${line} (${id}): ${(error as Error).message}`);
    }
    for (let i = 0; i < combined.length; i++) combined[i] |= organ.data[i];
  }
  return { id, line, mask: { width, height, data: combined } };
}

/** Stream the rows of a CheXmask CSV as combined masks at the table's own resolution. */
export async function* readChexmaskCsv(
  csvPath: string,
  options: ChexmaskReadOptions = {},
): AsyncGenerator<ChexmaskRow> {
  const lines = createInterface({ input: createReadStream(csvPath, 'utf8'), crlfDelay: Infinity });
  let plan: ColumnPlan | undefined;
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === '') continue;
    const fields = parseCsv(text)[0] ?? [];
    if (plan === undefined) {
      plan = planColumns(fields, options);
      continue;
    }
    yield decodeRow(fields, plan, line, options);
  }
  if (plan === undefined) throw new Error(`${csvPath} is empty`);
}
