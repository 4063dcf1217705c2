/** Jobs: planning, running/resuming, and the manifest store. */
export { planJob, labelFolderName, type PlanJobOptions } from './planJob';
export { assertOutputApart, type RunInputLocations } from './outputOverlap';
export { runJob, type RunJobOptions, type JobSummary } from './runJob';
export {
  readManifest,
  readManifestWithDecisions,
  writeManifest,
  writeCsvs,
  serializeManifest,
  ManifestError,
} from './manifestStore';
export { manifestProblems } from './manifestProblems';
export { ReviewError, recordDecision, decideItem, osReviewer } from './reviewDecisions';
export { compactDecisions, CompactionQueue } from './compactDecisions';
export { RunLock, RunFolderBusyError, LOCK_FILE_NAME } from './runLock';
export { ItemError } from './generateItem';
export { JobConfigError, type JobPlan, type PlannedItem, type KeyRegionPolicy } from './types';
export { rerunItem, type RerunItemOptions, type RerunResult } from './rerunItem';
