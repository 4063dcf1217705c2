/** Dataset scanning: labelled source images, their masks, and the target image bank. */
export { scanSource, type ScanSourceOptions } from './scanSource';
export { scanTargets, type ScanTargetsOptions } from './scanTargets';
export { matchMasks, type MaskSource, type MaskMatch } from './maskMatching';
export { listFolder, hasImageExtension, FolderError } from './walk';
export type { SourceImage, SourceScan, TargetImage, TargetScan } from './types';
export {
  inspectDataset,
  type DatasetReport,
  type InspectOptions,
  type CoverageSummary,
} from './inspectDataset';
