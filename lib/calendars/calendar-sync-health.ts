/**
 * How far Kairos can trust a ticked calendar's rows in the busy store, from
 * its connection and its sync bookkeeping (calendar_sync_states). One rule for
 * every reader — GET /api/v1/busy, the sync status API, Settings — and the
 * same one availability applies (load-slot-context.ts):
 * - needs_reconnect: the account's credentials stopped working; rows from the
 *   last successful sync still count, but nothing new arrives until the host acts;
 * - pending: never synced successfully — the calendar's time is unknown, and
 *   the host offers no slots until the first sync lands (fail closed);
 * - error: the latest syncs failed; the rows of the last successful one still
 *   count (stale beats unknown);
 * - ok: the last attempt succeeded.
 */
export type CalendarSyncHealth = "ok" | "pending" | "error" | "needs_reconnect";

export interface SyncStateLike {
  lastSyncedAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  consecutiveFailures: number;
}

export interface ConnectionLike {
  status: "active" | "needs_reconnect" | "error";
  lastError: string | null;
  lastErrorAt: Date | null;
}

export interface CalendarSyncHealthReport {
  health: CalendarSyncHealth;
  /** Why it is not ok (readable, for the host; never a credential). */
  error?: string;
  errorAt?: Date;
}

const NEEDS_RECONNECT = "The account needs to be reconnected.";
const MAX_ERROR_LENGTH = 500;

export function calendarSyncHealth(connection: ConnectionLike, state: SyncStateLike | null): CalendarSyncHealthReport {
  if (connection.status === "needs_reconnect") {
    return withError("needs_reconnect", connection.lastError ?? NEEDS_RECONNECT, connection.lastErrorAt);
  }
  const syncedAt = state?.lastSyncedAt ?? null;
  const failing = state !== null && (state.consecutiveFailures > 0 || (state.lastErrorAt !== null && (syncedAt === null || state.lastErrorAt > syncedAt)));
  if (syncedAt === null) return failing ? withError("pending", state!.lastError, state!.lastErrorAt) : { health: "pending" };
  if (failing) return withError("error", state!.lastError, state!.lastErrorAt);
  // A connection-level failure newer than the last sync (e.g. a token refresh
  // the provider refused for a moment) is news too.
  if (connection.status === "error" && connection.lastErrorAt !== null && connection.lastErrorAt > syncedAt) {
    return withError("error", connection.lastError, connection.lastErrorAt);
  }
  return { health: "ok" };
}

function withError(health: CalendarSyncHealth, error: string | null, at: Date | null): CalendarSyncHealthReport {
  const report: CalendarSyncHealthReport = { health };
  if (error) report.error = error.slice(0, MAX_ERROR_LENGTH);
  if (at) report.errorAt = at;
  return report;
}
