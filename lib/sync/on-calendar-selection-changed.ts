/**
 * What the busy store does when calendars start or stop counting for
 * conflicts — called inside the transaction that changed them (ticking in
 * Settings, connecting / reconnecting an account, refreshing its list):
 *
 * - selected: a sync (the first one lists in full) and a "calendar.watch"
 *   job, which starts the calendar's push channel where the provider has one;
 * - unselected: its stored occurrences and sync state go in this same
 *   transaction — availability stops counting them the moment it commits —
 *   and "calendar.watch" stops its channel.
 *
 * Jobs are enqueued in the caller's transaction (an outbox). After the commit
 * the caller calls wakeJobWorkers() (so the sync starts now, not at the next
 * poll) and invalidateHost(userId).
 *
 * A sync already running for an unticked calendar cannot write its rows back
 * afterwards: it locks the calendar row and re-reads the selection before it
 * writes (lock-calendar-selection.ts), and the caller's UPDATE of that row
 * holds the same lock until this transaction commits — so call this after
 * that UPDATE.
 */
import type { DbClient } from "../db/client";
import type { SyncReason } from "../jobs";
import { clearCalendarStore } from "./clear-calendar-store";
import { enqueueCalendarSync } from "./enqueue-calendar-sync";
import { enqueueCalendarWatch } from "./push/enqueue-calendar-watch";

export interface CalendarSelectionChange {
  calendarIds: readonly string[];
  selected: boolean;
  /** Why a selected calendar syncs ("selected" from Settings, "connected" for an account). */
  reason?: SyncReason;
}

export async function onCalendarSelectionChanged(tx: DbClient, change: CalendarSelectionChange): Promise<void> {
  for (const calendarId of change.calendarIds) {
    if (change.selected) await enqueueCalendarSync(tx, calendarId, change.reason ?? "selected");
    else await clearCalendarStore(tx, calendarId);
    await enqueueCalendarWatch(tx, calendarId);
  }
}
