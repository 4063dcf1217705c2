/** The synthetic shortcut dataset used by `maskmedpaint demo` and by experiments. */
export {
  generateShortcutDataset,
  SHORTCUT_LABELS,
  type ShortcutDataset,
  type ShortcutDatasetOptions,
  readGroundTruth,
  GROUND_TRUTH_FILE,
  type GroundTruthRow,
} from './shortcutDataset';
export { SeededRandom } from './random';
