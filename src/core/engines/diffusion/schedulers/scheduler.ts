import type { SchedulerId } from '../../../../shared/recipe';
import type { SchedulerConfig } from './config';
import { DdimScheduler } from './ddim';
import { DpmSolverMultistepScheduler } from './dpmSolverMultistep';
import { EulerAncestralScheduler } from './eulerAncestral';
import { LcmScheduler } from './lcm';
import { PndmScheduler } from './pndm';
import type { Scheduler } from './schedulerContract';

export type { SchedulerConfig } from './config';
export type { Scheduler } from './schedulerContract';

/** diffusers class names of the supported schedulers, by MaskMedPaint's scheduler id. */
export const SCHEDULER_CLASS_NAMES: Record<SchedulerId, string> = {
  pndm: 'PNDMScheduler',
  ddim: 'DDIMScheduler',
  eulerAncestral: 'EulerAncestralDiscreteScheduler',
  dpmSolverMultistep: 'DPMSolverMultistepScheduler',
  lcm: 'LCMScheduler',
};

/**
 * Builds the scheduler a model's scheduler_config.json names, or `override` configured from the same file
 * (like diffusers' `OtherScheduler.from_config(pipe.scheduler.config)`). Throws for an unsupported class,
 * naming it and the supported ones, and for settings the implementation does not reproduce.
 */
export function createScheduler(config: SchedulerConfig, override?: SchedulerId): Scheduler {
  const id = override ?? schedulerIdForClass(config._class_name);
  switch (id) {
    case 'pndm':
      return new PndmScheduler(config);
    case 'ddim':
      return new DdimScheduler(config);
    case 'eulerAncestral':
      return new EulerAncestralScheduler(config);
    case 'dpmSolverMultistep':
      return new DpmSolverMultistepScheduler(config);
    case 'lcm':
      return new LcmScheduler(config);
  }
}

function schedulerIdForClass(className: unknown): SchedulerId {
  for (const [id, name] of Object.entries(SCHEDULER_CLASS_NAMES)) {
    if (name === className) return id as SchedulerId;
  }
  const supported = Object.values(SCHEDULER_CLASS_NAMES).join(', ');
  throw new Error(
    `Unsupported scheduler class '${String(className)}' in scheduler_config.json; supported: ${supported} ` +
      `(or choose one of them as the recipe's scheduler override)`,
  );
}
