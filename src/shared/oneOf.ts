/** Membership in a constant list of choices, as a type guard (the lists: recipeChoices.ts, manifest.ts). */

/** True when `value` is one of `choices` (narrows it to their type). */
export function isOneOf<T extends string>(choices: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (choices as readonly string[]).includes(value);
}
