/** Option value parsers that turn bad values into commander usage errors (exit code 2). */
import { InvalidArgumentError, type Command } from 'commander';

/** Parses a whole number within [min, max]. */
export function integerOption(min: number, max: number): (value: string) => number {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value.trim()))
      throw new InvalidArgumentError(`expected a whole number, got "${value}"`);
    const parsed = Number(value);
    if (parsed < min || parsed > max)
      throw new InvalidArgumentError(`expected ${min}..${max}, got ${parsed}`);
    return parsed;
  };
}

/**
 * Parses a decimal number within [min, max] (or (min, max] when `exclusiveMin`): the range the
 * recipe schema allows, so a bad flag is named as the flag rather than as a recipe path.
 */
export function numberOption(
  min: number,
  max: number,
  { exclusiveMin = false }: { exclusiveMin?: boolean } = {},
): (value: string) => number {
  return (value: string): number => {
    if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(value.trim()))
      throw new InvalidArgumentError(`expected a number, got "${value}"`);
    const parsed = Number(value);
    if ((exclusiveMin ? parsed <= min : parsed < min) || parsed > max) {
      const range = exclusiveMin ? `greater than ${min} and at most ${max}` : `${min}..${max}`;
      throw new InvalidArgumentError(`expected ${range}, got ${parsed}`);
    }
    return parsed;
  };
}

/** Parses one of a fixed set of words. */
export function choiceOption<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value: string): T => {
    if (!(choices as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(`expected one of ${choices.join(', ')}, got "${value}"`);
    }
    return value as T;
  };
}

/**
 * Makes `command` and its subcommands report an unknown option before a missing required one.
 * commander checks required options first, so `augment --bogus` without `--out` would say
 * "required option --out" and hide the typo; here required options are checked in a preAction
 * hook instead, which runs after commander's unknown-option check. Same message and exit code.
 */
export function checkRequiredOptionsLast(command: Command): void {
  const required = command.options.filter((option) => option.mandatory);
  for (const option of required) option.mandatory = false;
  if (required.length > 0) {
    command.hook('preAction', (self) => {
      for (const option of required) {
        if (self.getOptionValue(option.attributeName()) === undefined) {
          self.error(`error: required option '${option.flags}' not specified`, {
            code: 'commander.missingMandatoryOptionValue',
          });
        }
      }
    });
  }
  for (const sub of command.commands) checkRequiredOptionsLast(sub);
}
