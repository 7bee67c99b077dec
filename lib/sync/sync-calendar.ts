/**
 * Brings one connected calendar's busy store up to date with its provider:
 *
 *   await syncCalendar(db(), calendarId, { reason: "push" });
 *
 * 1. Loads the calendar, its connection and host. A calendar gone or no
 *    longer ticked for conflicts has its rows and sync state cleared instead.
 * 2. Plans the window and cursor (plan-sync.ts): incremental from the stored
 *    cursor, or a full listing (no cursor, asked for, or the horizon rolled).
 * 3. Asks the adapter (providerForConnection, which keeps the connection's
 *    status truthful) for the batch. Adapters answer a forgotten cursor
 *    (Google 410, Graph syncStateNotFound, CalDAV bad token) with a full
 *    batch themselves; a cursor the provider rejects as invalid is retried
 *    here once as a full listing, and so is a batch that changed part of a
 *    recurring series without saying what became of the rest
 *    (detect-partial-series-change.ts).
 * 4. Applies the batch in one transaction with the new sync state
 *    (apply-sync-batch.ts), then invalidates the host's cached slots when
 *    anything changed.
 *
 * On failure the sync state records the error and backs the next poll off
 * (record-sync-failure.ts); the store keeps what it had. The error is
 * re-thrown unchanged (CalendarProviderError, or a bug) — the job handler
 * decides retry vs. give up (run-calendar-sync-job.ts).
 *
 * Connections that need reconnecting are not called (a dead grant asked again
 * and again gets an app throttled); reconnecting enqueues a sync.
 */
import { invalidateHost } from "../availability/slot-cache";
import type { ProviderSettings } from "../calendars/build-provider";
import { ownedCalendarProvider } from "../calendars/load-owned-calendar";
import type { SyncBatch } from "../calendars/provider";
import { CalendarProviderError } from "../calendars/provider-error";
import { config } from "../config";
import type { Db } from "../db/client";
import { withTransaction } from "../db/transaction";
import type { SyncReason } from "../jobs";
import { applySyncBatch, type AppliedSyncBatch } from "./apply-sync-batch";
import { clearCalendarStore } from "./clear-calendar-store";
import { detectPartialSeriesChange } from "./detect-partial-series-change";
import { lockCalendarSelection } from "./lock-calendar-selection";
import { planNextPoll } from "./plan-next-poll";
import { planSync } from "./plan-sync";
import { recordSyncFailure } from "./record-sync-failure";

export interface SyncCalendarOptions {
  reason: SyncReason;
  /** List everything instead of continuing from the cursor. */
  full?: boolean;
  /** The clock (tests); default Date.now(). */
  now?: number;
  /** Provider credentials/endpoints; default from configuration (as in production). */
  settings?: ProviderSettings;
}

export interface SyncCalendarResult {
  calendarId: string;
  /** synced; cleared (gone or unticked: its rows went); superseded (another sync committed first). */
  outcome: "synced" | "cleared" | "superseded";
  reason: SyncReason;
  full: boolean;
  /** Occurrences written (added or updated). */
  changed: number;
  /** Stored occurrences that went. */
  removed: number;
  /** Occurrences stored for the calendar afterwards. */
  stored: number;
  durationMs: number;
}

const NEEDS_RECONNECT = "The account needs to be reconnected.";

export async function syncCalendar(db: Db, calendarId: string, options: SyncCalendarOptions): Promise<SyncCalendarResult> {
  const startedAt = Date.now();
  const now = options.now ?? startedAt;
  const result = (outcome: SyncCalendarResult["outcome"], full: boolean, counts: { changed: number; removed: number; stored: number }): SyncCalendarResult => ({
    calendarId,
    outcome,
    reason: options.reason,
    full,
    ...counts,
    durationMs: Date.now() - startedAt,
  });

  const row = await db.connectedCalendar.findUnique({
    where: { id: calendarId },
    select: {
      id: true,
      userId: true,
      externalId: true,
      name: true,
      canWrite: true,
      selectedForConflicts: true,
      syncState: { select: { cursor: true, syncedTo: true, lastSyncedAt: true } },
      connection: { include: { user: { select: { timeZone: true, email: true } } } },
    },
  });
  if (!row?.selectedForConflicts) {
    // Under the calendar's lock: a tick landing meanwhile wins.
    const removed = row ? await withTransaction(db, async (tx) => ((await lockCalendarSelection(tx, calendarId)) === false ? clearCalendarStore(tx, calendarId) : 0)) : 0;
    if (row && removed > 0) await invalidateHost(row.userId);
    return result("cleared", false, { changed: 0, removed, stored: 0 });
  }

  const { connection: { user: host, ...connection }, syncState, userId, ...calendar } = row;
  const { horizonDays, pollIntervalMs } = config().sync;
  const plan = planSync({ now, horizonDays, state: syncState, full: options.full });
  const hasActivePush = (await db.pushChannel.count({ where: { calendarId, status: "active", expiresAt: { gt: new Date(now) } } })) > 0;

  let batch: SyncBatch;
  let applied: AppliedSyncBatch;
  try {
    if (connection.status === "needs_reconnect") {
      throw new CalendarProviderError("auth", connection.lastError ?? NEEDS_RECONNECT, { provider: connection.provider });
    }
    const provider = ownedCalendarProvider(db, { calendar, connection, host }, options.settings);
    try {
      batch = await provider.syncEvents(calendar.externalId, plan.cursor, plan.window);
    } catch (error) {
      // A cursor the provider cannot read at all (Graph answers 400 to a delta
      // token it never issued): start over rather than fail on every poll.
      if (plan.cursor === null || !(error instanceof CalendarProviderError) || error.reason !== "invalid") throw error;
      batch = await provider.syncEvents(calendar.externalId, null, plan.window);
    }
    if (await detectPartialSeriesChange(db, calendarId, batch)) batch = await provider.syncEvents(calendar.externalId, null, plan.window);
    applied = await applySyncBatch(db, {
      calendarId,
      batch,
      window: plan.window,
      startedFrom: syncState?.cursor ?? null,
      now,
      nextPollAt: planNextPoll({ now, pollIntervalMs, hasActivePush, consecutiveFailures: 0 }),
      reason: options.reason,
    });
  } catch (error) {
    await recordFailure(db, calendarId, error, { now, pollIntervalMs, hasActivePush });
    throw error;
  }
  // Availability changes without a changed row too: the first successful sync
  // turns "unknown, offer nothing" into known time, and a full listing moves
  // the synced window (time past it is unknown) forward.
  const knowledgeChanged = applied.outcome === "synced" && (!syncState?.lastSyncedAt || batch.full);
  if (applied.changed > 0 || applied.removed > 0 || knowledgeChanged) await invalidateHost(userId);
  return result(applied.outcome, batch.full, applied);
}

/** Records the failure; a failure to record it (the database away) must not hide the original error. */
async function recordFailure(db: Db, calendarId: string, error: unknown, input: Parameters<typeof recordSyncFailure>[3]): Promise<void> {
  if (!(error instanceof CalendarProviderError)) console.error(`Calendar sync: calendar ${calendarId} failed unexpectedly.`, error);
  try {
    await recordSyncFailure(db, calendarId, error, input);
  } catch (recording) {
    console.error(`Calendar sync: could not record the failure of calendar ${calendarId}.`, recording);
  }
}
