/** Jobs: planning, running/resuming, and the manifest store. */
export { planJob, labelFolderName, type PlanJobOptions } from './planJob';
export { assertOutputApart, type RunInputLocations } from './outputOverlap';
export { runJob, type RunJobOptions, type JobSummary } from './runJob';
export {
  readManifest,
  writeManifest,
  writeCsv,
  updateItemReview,
  serializeManifest,
  manifestProblems,
  ManifestError,
  ReviewError,
} from './manifestStore';
export { ItemError } from './generateItem';
export { JobConfigError, type JobPlan, type PlannedItem, type KeyRegionPolicy } from './types';
export { rerunItem, type RerunItemOptions, type RerunResult } from './rerunItem';
