/**
 * Exit codes of `maskmedpaint` and the mapping from errors to them:
 * 0 every item succeeded; 1 some items failed (listed); 2 usage or configuration error;
 * 3 internal error (a bug: please report it); 130 cancelled with Ctrl+C.
 */
import { CommanderError } from 'commander';
import { FolderError } from '../core/dataset/walk';
import { EngineModelError, EngineUnavailableError } from '../core/engines/engineErrors';
import { ManifestError } from '../core/jobs/manifestStore';
import { JobConfigError } from '../core/jobs/types';
import { RecipeError } from '../core/recipe/resolveRecipe';
import { CsvParseError } from '../core/util/csv';

import { UsageError } from './usageError';

export {
  EXIT_CANCELLED,
  EXIT_INTERNAL,
  EXIT_ITEMS_FAILED,
  EXIT_OK,
  EXIT_USAGE,
  UsageError,
} from './usageError';

/** File-system refusals that mean "this path cannot be used", which the user fixes, not a bug. */
const FILE_SYSTEM_CONFIG_CODES = new Set([
  'EACCES',
  'EPERM',
  'EROFS',
  'ENOTDIR',
  'EISDIR',
  'ENOSPC',
]);

/** True for errors caused by the user's input or environment rather than by a bug. */
export function isConfigurationError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && FILE_SYSTEM_CONFIG_CODES.has(code)) return true;
  return (
    error instanceof UsageError ||
    error instanceof RecipeError ||
    error instanceof JobConfigError ||
    error instanceof FolderError ||
    error instanceof EngineUnavailableError ||
    error instanceof EngineModelError ||
    error instanceof ManifestError ||
    error instanceof CsvParseError ||
    (error instanceof CommanderError && error.exitCode !== 0)
  );
}
