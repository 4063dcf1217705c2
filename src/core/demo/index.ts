/** The synthetic shortcut dataset used by `maskmedpaint demo` and by experiments. */
export {
  generateShortcutDataset,
  SHORTCUT_LABELS,
  type ShortcutDataset,
  type ShortcutDatasetOptions,
} from './shortcutDataset';
export { SeededRandom } from './random';
