/**
 * The failures of a job as the end-of-run notification names them: grouped by source (a source
 * that cannot be read fails each of its k augmentations with the same reason), the first few
 * named with their reason, the rest counted. Pure: fed the job's `itemFailed` events.
 */

/** One source's failures. */
export interface FailedSource {
  /** The source part of the item ids (`<source key>__<k>`). */
  source: string;
  count: number;
  error: string;
}

/** The source key of an item id (`benign/img_0__3` -> `benign/img_0`). */
export function sourceKeyOf(itemId: string): string {
  const at = itemId.lastIndexOf('__');
  return at > 0 ? itemId.slice(0, at) : itemId;
}

/** Collects `itemFailed` events by source, in the order the sources first failed. */
export class RunFailures {
  private readonly bySource = new Map<string, FailedSource>();

  /** Records one failed item. */
  add(itemId: string, error: string): void {
    const source = sourceKeyOf(itemId);
    const known = this.bySource.get(source);
    if (known) known.count += 1;
    else this.bySource.set(source, { source, count: 1, error });
  }

  /** The sources that failed. */
  get sources(): FailedSource[] {
    return [...this.bySource.values()];
  }

  /**
   * E.g. `3 sources failed: img_1 (source [notAnImage]: ...), img_2 (...) and 1 more`; empty when
   * nothing failed. Reasons are cut to `maxReason` characters (the gallery shows them whole).
   */
  describe(shown = 3, maxReason = 80): string {
    const sources = this.sources;
    if (sources.length === 0) return '';
    const cut = (text: string): string =>
      text.length > maxReason ? `${text.slice(0, maxReason - 1)}…` : text;
    const named = sources
      .slice(0, shown)
      .map((failed) => `${failed.source} (${cut(failed.error.split('\n')[0] ?? '')})`);
    const more = sources.length - named.length;
    const list = more > 0 ? `${named.join(', ')} and ${more} more` : named.join(', ');
    return `${sources.length} source${sources.length === 1 ? '' : 's'} failed: ${list}`;
  }
}
