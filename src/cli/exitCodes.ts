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
import { RegistryError } from '../core/models/registry';
import { RecipeError } from '../core/recipe/resolveRecipe';
import { TempFileRemovedError } from '../core/util/atomicWrite';
import { CsvParseError } from '../core/util/csv';
import { isEnvironmentError } from './environmentError';
import { UsageError } from './usageError';

export {
  EXIT_CANCELLED,
  EXIT_INTERNAL,
  EXIT_ITEMS_FAILED,
  EXIT_OK,
  EXIT_USAGE,
  UsageError,
} from './usageError';

/**
 * True for errors caused by the user's input or environment rather than by a bug: every
 * file-system refusal of environmentError.ts (read-only, full, missing or blocked paths, files
 * vanishing while in use) and the error classes that explain a configuration problem.
 */
export function isConfigurationError(error: unknown): boolean {
  if (isEnvironmentError(error)) return true;
  return (
    error instanceof UsageError ||
    error instanceof RegistryError ||
    error instanceof TempFileRemovedError ||
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
