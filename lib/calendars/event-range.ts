import type { Interval } from "../availability/types";

/**
 * Whether an occurrence [start, end) overlaps a half-open range. A
 * zero-length event counts when its instant lies inside the range.
 */
export function overlapsRange(event: { start: number; end: number }, range: Interval): boolean {
  if (event.end <= event.start) return event.start >= range.start && event.start < range.end;
  return event.start < range.end && event.end > range.start;
}
