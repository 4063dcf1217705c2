/**
 * Gallery sort orders: the plan's order, or by seam-artifact score with the worst seams first
 * (items without a score keep their order after the scored ones). Pure.
 */
import type { GalleryItemView } from '../../shared/webviewProtocol';

/** Sort orders offered in the gallery's toolbar. */
export type ItemOrder = 'plan' | 'seam';

/** A new array in the requested order (a stable sort: equal scores keep the run order). */
export function sortItems(items: readonly GalleryItemView[], order: ItemOrder): GalleryItemView[] {
  if (order === 'plan') return [...items];
  const score = (item: GalleryItemView): number => item.quality?.seam ?? -Infinity;
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => score(b.item) - score(a.item) || a.index - b.index)
    .map(({ item }) => item);
}
