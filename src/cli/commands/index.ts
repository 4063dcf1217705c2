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
import * as merge from './merge';
import * as models from './models';
import * as plan from './plan';
import * as rerun from './rerun';
import * as review from './review';
import * as status from './status';

/** A command module. */
export interface CommandModule {
  register(program: Command): void;
}

export const COMMANDS: readonly CommandModule[] = [
  augment,
  // After augment: it takes augment's options.
  plan,
  status,
  merge,
  inspect,
  rerun,
  review,
  demo,
  models,
  masks,
  dicom,
  gpu,
];
