import { validationError } from "../errors";

/**
 * The durations a guest may pick, sorted: the stored options (an empty list
 * means "only the default") with the default always among them.
 */
export function durationOptionsOf(row: { durationMinutes: number; durationOptions: readonly number[] }): number[] {
  return [...new Set([...row.durationOptions, row.durationMinutes])].sort((a, b) => a - b);
}

/**
 * The duration a guest asked for, or the default when they did not ask. The
 * slots API and the booking path both decide through here, so a duration
 * offered is a duration accepted. Not an option → 400 on `path`.
 */
export function chooseDuration(
  row: { durationMinutes: number; durationOptions: readonly number[] },
  requested: number | null | undefined,
  path: string,
): number {
  if (requested === undefined || requested === null) return row.durationMinutes;
  const options = durationOptionsOf(row);
  if (!options.includes(requested)) {
    throw validationError("That duration is not offered.", [
      { path, message: `Pick one of ${options.join(", ")} minutes.` },
    ]);
  }
  return requested;
}
