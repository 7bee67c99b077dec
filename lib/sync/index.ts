/**
 * Calendar sync: keeps the local busy store (external_events) fresh, so
 * availability never asks a provider. What the rest of Kairos calls:
 *
 * - enqueueCalendarSync(db | tx, calendarId, reason, { full?, runAt? }) —
 *   ask for a sync (push notification, "sync now", recovery); keyed, merges.
 * - onCalendarSelectionChanged(tx, { calendarIds, selected, reason? }) — in
 *   the transaction that ticks/unticks calendars or connects an account.
 * - syncCalendar(db, calendarId, { reason, full?, now?, settings? }) — one
 *   sync, run now (the job handler's work; tests and scripts).
 * - runCalendarSyncJob, calendarPollTask — wired in lib/background.
 */
export { syncCalendar, type SyncCalendarOptions, type SyncCalendarResult } from "./sync-calendar";
export { enqueueCalendarSync, CALENDAR_SYNC_KEY_PREFIX, type EnqueueCalendarSyncOptions } from "./enqueue-calendar-sync";
export { onCalendarSelectionChanged, type CalendarSelectionChange } from "./on-calendar-selection-changed";
export { runCalendarSyncJob } from "./run-calendar-sync-job";
export { enqueueDueSyncs, calendarPollTask } from "./enqueue-due-syncs";
export { planNextPoll, PUSH_SAFETY_NET_MS, type NextPollInput } from "./plan-next-poll";
export { planSync, type SyncPlan } from "./plan-sync";
export { clearCalendarStore } from "./clear-calendar-store";
