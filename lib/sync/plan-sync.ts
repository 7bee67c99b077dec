/**
 * What one sync of a calendar asks the provider for: the window the store
 * must hold, and whether to continue from the stored cursor or list in full.
 *
 * The window starts at the beginning of yesterday (UTC), so an event running
 * now — or a booking page showing "today" in a zone behind UTC — is still
 * covered, and ends `horizonDays` ahead. Recurring series are stored expanded
 * inside it, which is why the horizon rolling forward forces a full listing:
 * an incremental cursor only reports what *changed*, never the occurrences of
 * an unchanged series that the moving end has just reached. Rolling by up to
 * a day is tolerated, so that costs one full listing per calendar per day.
 */
import type { Interval } from "../availability/types";
import { addDays, DAY_MS, startOfZonedDay, todayIn } from "../time";

/** How far the wanted end may run ahead of the stored one before the series are expanded again. */
export const HORIZON_SLACK_MS = DAY_MS;

export interface SyncPlanInput {
  now: number;
  horizonDays: number;
  /** The calendar's stored sync state (null: never synced). */
  state: { cursor: string | null; syncedTo: Date | null } | null;
  /** Asked for explicitly (a "full" job, a repair). */
  full?: boolean;
}

export interface SyncPlan {
  window: Interval;
  /** The cursor to continue from; null = full listing. */
  cursor: string | null;
  /** Why a full listing is planned, when it is. */
  fullBecause?: "no_cursor" | "requested" | "horizon";
}

export function planSync({ now, horizonDays, state, full }: SyncPlanInput): SyncPlan {
  const window = { start: startOfZonedDay(addDays(todayIn("UTC", now), -1), "UTC"), end: now + horizonDays * DAY_MS };
  if (!state?.cursor) return { window, cursor: null, fullBecause: "no_cursor" };
  if (full) return { window, cursor: null, fullBecause: "requested" };
  if (!state.syncedTo || window.end - state.syncedTo.getTime() > HORIZON_SLACK_MS) return { window, cursor: null, fullBecause: "horizon" };
  return { window, cursor: state.cursor };
}
