/** Option value parsers that turn bad values into commander usage errors (exit code 2). */
import { InvalidArgumentError } from 'commander';

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

/** Parses one of a fixed set of words. */
export function choiceOption<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value: string): T => {
    if (!(choices as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(`expected one of ${choices.join(', ')}, got "${value}"`);
    }
    return value as T;
  };
}
