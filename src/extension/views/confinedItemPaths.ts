/**
 * The image paths a view may show for manifest items, confined by the core's ManifestPaths: an
 * item path outside its folders, or a pipe or device where an image should be, is not shown and
 * the refusal is reported (a few lines per load, so a large hand-edited manifest cannot flood the
 * log). A file that is simply missing is left blank without a report. No vscode import.
 */
import { ManifestPathError, type ManifestPaths } from '../../core/jobs/manifestPaths';
import type { ManifestItem } from '../../shared/manifest';

/** Refusals reported per load; the rest are counted in one line. */
export const MAX_REPORTED_REFUSALS = 5;

/** Absolute paths of an item's images that passed confinement; null where not shown. */
export interface ItemImagePaths {
  source: string | null;
  mask: string | null;
  output: string | null;
  /** The region overlay the quality check wrote (exactly kept region and blend band). */
  regions: string | null;
}

/** Collects refusals and reports the first few through `warn`, then a count. */
export class RefusalReport {
  private count = 0;

  constructor(
    private readonly context: string,
    private readonly warn: (message: string) => void,
  ) {}

  /** Records one refusal. */
  add(error: ManifestPathError): void {
    this.count += 1;
    if (this.count <= MAX_REPORTED_REFUSALS) this.warn(`${this.context}: refused ${error.message}`);
  }

  /** Reports how many refusals were not shown one by one. */
  finish(): void {
    const more = this.count - MAX_REPORTED_REFUSALS;
    if (more > 0) this.warn(`${this.context}: refused ${more} more manifest path(s)`);
  }
}

/** Confines the three paths a view draws for one item. */
export async function confinedImagePaths(
  paths: ManifestPaths,
  item: ManifestItem,
  report: Pick<RefusalReport, 'add'>,
): Promise<ItemImagePaths> {
  const one = async (
    field: 'source' | 'mask' | 'output' | 'quality.regions',
  ): Promise<string | null> => {
    try {
      return (await paths.forReading(item, field))?.path ?? null;
    } catch (error) {
      if (!(error instanceof ManifestPathError)) throw error;
      if (!error.missing) report.add(error);
      return null;
    }
  };
  return {
    source: await one('source'),
    mask: await one('mask'),
    output: await one('output'),
    regions: await one('quality.regions'),
  };
}
