/**
 * Every CLI command, one module each exporting `register(program)`. Add a command with one line.
 */
import type { Command } from 'commander';
import * as augment from './augment';
import * as demo from './demo';
import * as dicom from './dicom';
import * as gpu from './gpu';
import * as inspect from './inspect';
import * as masks from './masks';
import * as models from './models';
import * as rerun from './rerun';
import * as review from './review';

/** A command module. */
export interface CommandModule {
  register(program: Command): void;
}

export const COMMANDS: readonly CommandModule[] = [
  augment,
  inspect,
  rerun,
  review,
  demo,
  models,
  masks,
  dicom,
  gpu,
];
