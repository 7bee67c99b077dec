/**
 * The window an expanding adapter (CalDAV, ICS) keeps its sync cursor for.
 * Those adapters expand series themselves, so what "changed" means depends on
 * the range expanded; the cursor remembers that window and answers
 * incrementally only while the requested range stays inside it. A full sync
 * opens the window a week past the requested end, so a rolling range
 * ("today + 60 days") syncs incrementally for a week before the next full
 * listing.
 */
import type { Interval } from "../../availability/types";
import { DAY_MS } from "../../time";

export const SYNC_WINDOW_SLACK_MS = 7 * DAY_MS;

export function syncWindowFor(range: Interval): Interval {
  return { start: range.start, end: range.end + SYNC_WINDOW_SLACK_MS };
}

export function windowCovers(window: Interval, range: Interval): boolean {
  return range.start >= window.start && range.end <= window.end;
}
