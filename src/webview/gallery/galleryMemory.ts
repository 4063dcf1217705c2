/**
 * What the gallery remembers about the run it shows across the view being hidden and shown again
 * (the webview's saved state, vscode getState/setState): filter, sort order, selection and scroll.
 * The saved state comes back from the webview host as unknown data, so it is parsed, not trusted.
 */
import { ITEM_STATUSES, type ItemStatus } from '../../shared/manifest';
import type { ItemFilter } from './filters';
import type { ItemOrder } from './sortItems';

/** The review statuses the status filter offers, in the drop-down's order. */
export const STATUSES: readonly ItemStatus[] = ITEM_STATUSES;

/** What the gallery remembers about the run it shows. */
export interface GalleryMemory {
  title: string;
  filter: ItemFilter;
  order: ItemOrder;
  selectedKey: string | null;
  scrollTop: number;
}

/** The saved state if it has the shape of a GalleryMemory; missing filter fields are "any". */
export function parseGalleryMemory(saved: unknown): GalleryMemory | undefined {
  if (typeof saved !== 'object' || saved === null) return undefined;
  const m = saved as Partial<GalleryMemory>;
  if (typeof m.title !== 'string' || typeof m.scrollTop !== 'number') return undefined;
  if (m.selectedKey !== null && typeof m.selectedKey !== 'string') return undefined;
  const f = (m.filter ?? {}) as Partial<ItemFilter>;
  return {
    title: m.title,
    scrollTop: m.scrollTop,
    selectedKey: m.selectedKey ?? null,
    order: m.order === 'seam' ? 'seam' : 'plan',
    filter: {
      label: typeof f.label === 'string' ? f.label : null,
      status: STATUSES.find((status) => status === f.status) ?? null,
      errorsOnly: f.errorsOnly === true,
      flaggedOnly: f.flaggedOnly === true,
      visibleSeamsOnly: f.visibleSeamsOnly === true,
    },
  };
}
