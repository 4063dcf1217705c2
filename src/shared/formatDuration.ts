/**
 * The one way the product words a span of time for people: download ETAs (CLI and extension),
 * augmentation job ETAs and fine-tune ETAs. Pure (no Node built-ins), so the core, the extension
 * and webviews can all import it.
 */

/**
 * Formats a duration in seconds with the two most significant units, the second one zero-padded
 * so that a ticking countdown keeps its width: "42 s", "3 min 05 s", "1 h 05 min".
 *
 * Rounds to whole seconds first (59.6 s is "1 min 00 s", not "60 s"); below an hour seconds are
 * shown, from an hour on only hours and minutes (seconds are noise at that scale). Negative
 * durations, which a clock skew or an overshooting estimate can produce, read as "0 s".
 *
 * @throws RangeError when `seconds` is NaN or infinite: an unknown duration must be left out by
 * the caller, not printed as a number.
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) {
    throw new RangeError(`formatDuration needs a finite number of seconds, got ${seconds}`);
  }
  const total = Math.max(0, Math.round(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total % 60;
  if (hours > 0) return `${hours} h ${twoDigits(minutes)} min`;
  if (minutes > 0) return `${minutes} min ${twoDigits(rest)} s`;
  return `${rest} s`;
}

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}
