/**
 * Writes one SyncBatch into the busy store, all in ONE transaction with the
 * calendar's new sync state, so a reader never sees half a sync and the
 * cursor never runs ahead of the rows (or behind them):
 *
 * - full batch: the calendar's rows are replaced by the batch;
 * - incremental: each changed occurrence replaces its row (cancelled ones are
 *   deleted), removed ids are deleted — and so are the occurrences of a
 *   removed id when it names a series master (series_id), because providers
 *   may report a deleted series by its master's id alone.
 *
 * Only rows that differ from what is stored are written, so a full listing
 * that mostly repeats the store (a forgotten cursor, the daily horizon roll)
 * costs a read, not a rewrite, and counts as a change only where one is.
 *
 * Every non-cancelled occurrence is stored with its flags; whether it blocks
 * (free, declined, all-day) is decided when availability reads the store.
 *
 * Guards, taken under the calendar's row lock (lock-calendar-selection.ts),
 * which also serialises two syncs of one calendar and an untick against a
 * running sync:
 * - the calendar is gone or no longer selected → its rows and state are
 *   cleared instead ("cleared");
 * - another sync committed since this one read the cursor → this batch is
 *   dropped ("superseded"): it was computed from an older cursor, and the
 *   stored cursor already reflects a listing at least as new. A follow-up
 *   sync is queued so a change this batch carried is not delayed until the
 *   next poll.
 */
import type { Interval } from "../availability/types";
import type { ProviderEvent, SyncBatch } from "../calendars/provider";
import type { Db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import type { SyncReason } from "../jobs";
import { clearCalendarStore } from "./clear-calendar-store";
import { enqueueCalendarSync } from "./enqueue-calendar-sync";
import { lockCalendarSelection } from "./lock-calendar-selection";

export interface ApplySyncBatchInput {
  calendarId: string;
  batch: SyncBatch;
  window: Interval;
  /** The cursor stored when this sync began (compare-and-swap). */
  startedFrom: string | null;
  now: number;
  nextPollAt: Date;
  reason: SyncReason;
}

export interface AppliedSyncBatch {
  outcome: "synced" | "cleared" | "superseded";
  /** Occurrences written (added or updated). */
  changed: number;
  /** Stored occurrences that went (deleted, cancelled, or absent from a full listing). */
  removed: number;
  /** Occurrences stored for the calendar afterwards. */
  stored: number;
}

/** Rows per INSERT / ids per IN list: well below PostgreSQL's 65 535 bind parameters. */
const CHUNK = 1000;
const TRANSACTION_TIMEOUT_MS = 120_000;

export async function applySyncBatch(db: Db, input: ApplySyncBatchInput): Promise<AppliedSyncBatch> {
  const { calendarId, batch } = input;
  return db.$transaction(
    async (tx) => {
      const selected = await lockCalendarSelection(tx, calendarId);
      if (!selected) {
        const removed = selected === false ? await clearCalendarStore(tx, calendarId) : 0;
        return { outcome: "cleared" as const, changed: 0, removed, stored: 0 };
      }
      const state = await tx.calendarSyncState.findUnique({ where: { calendarId }, select: { cursor: true } });
      if ((state?.cursor ?? null) !== input.startedFrom) {
        await enqueueCalendarSync(tx, calendarId, input.reason);
        return { outcome: "superseded" as const, changed: 0, removed: 0, stored: await tx.externalEvent.count({ where: { calendarId } }) };
      }

      const syncedAt = new Date(input.now);
      const rows = storedRows(calendarId, batch.changed, syncedAt);
      // What the batch may replace or remove: everything (full), or the rows it names.
      const existing = new Map<string, ExternalEventRow>();
      const load = async (where: Prisma.ExternalEventWhereInput) => {
        for (const row of await tx.externalEvent.findMany({ where, select: COMPARED })) existing.set(row.externalId, { calendarId, ...row });
      };
      if (batch.full) {
        await load({ calendarId });
      } else {
        // Cancelled occurrences arrive as changes: named here, absent from `rows`, so they go like removals.
        const named = [...new Set([...batch.removedIds, ...batch.changed.map((e) => e.externalId)])];
        for (const ids of chunks(named)) await load({ calendarId, externalId: { in: ids } });
        for (const ids of chunks(batch.removedIds)) await load({ calendarId, seriesId: { in: ids } });
      }
      const gone = [...existing.keys()].filter((id) => !rows.has(id));
      // Only real differences are written: a full listing (410, a rolled horizon) mostly repeats the store.
      const upserts = [...rows.values()].filter((row) => !sameOccurrence(existing.get(row.externalId), row));
      const deletes = [...gone, ...upserts.map((row) => row.externalId).filter((id) => existing.has(id))];
      for (const ids of chunks(deletes)) await tx.externalEvent.deleteMany({ where: { calendarId, externalId: { in: ids } } });
      for (const data of chunks(upserts)) await tx.externalEvent.createMany({ data });
      const removed = gone.length;

      const stored = await tx.externalEvent.count({ where: { calendarId } });
      const fields = {
        cursor: batch.cursor,
        lastSyncedAt: syncedAt,
        lastAttemptAt: syncedAt,
        lastError: null,
        lastErrorAt: null,
        consecutiveFailures: 0,
        nextPollAt: input.nextPollAt,
        eventCount: stored,
        ...(batch.full ? { syncedFrom: new Date(input.window.start), syncedTo: new Date(input.window.end), lastFullSyncAt: syncedAt } : {}),
      };
      await tx.calendarSyncState.upsert({ where: { calendarId }, create: { calendarId, ...fields }, update: fields });
      return { outcome: "synced" as const, changed: upserts.length, removed, stored };
    },
    { timeout: TRANSACTION_TIMEOUT_MS, maxWait: 30_000 },
  );
}

type ExternalEventRow = Prisma.ExternalEventCreateManyInput;

/** The columns that say whether a stored occurrence is still what the provider reports. */
const COMPARED = {
  externalId: true,
  seriesId: true,
  startAt: true,
  endAt: true,
  allDay: true,
  status: true,
  showAs: true,
  selfResponse: true,
  etag: true,
  providerUpdatedAt: true,
} as const;

function sameOccurrence(stored: ExternalEventRow | undefined, next: ExternalEventRow): boolean {
  if (!stored) return false;
  const time = (value: Date | string | null | undefined) => (value == null ? null : new Date(value).getTime());
  return (
    (stored.seriesId ?? null) === (next.seriesId ?? null) &&
    time(stored.startAt) === time(next.startAt) &&
    time(stored.endAt) === time(next.endAt) &&
    stored.allDay === next.allDay &&
    stored.status === next.status &&
    stored.showAs === next.showAs &&
    (stored.selfResponse ?? null) === (next.selfResponse ?? null) &&
    (stored.etag ?? null) === (next.etag ?? null) &&
    time(stored.providerUpdatedAt) === time(next.providerUpdatedAt)
  );
}

/** The batch's storable occurrences by id (the last report of an id wins). */
function storedRows(calendarId: string, events: ProviderEvent[], syncedAt: Date): Map<string, ExternalEventRow> {
  const rows = new Map<string, ExternalEventRow>();
  for (const event of events) {
    rows.delete(event.externalId);
    if (event.status === "cancelled") continue;
    // A provider's broken times would break the store's range index; such an event cannot block anything anyway.
    if (!Number.isFinite(event.start) || !Number.isFinite(event.end) || event.end < event.start) continue;
    rows.set(event.externalId, {
      calendarId,
      externalId: event.externalId,
      seriesId: event.seriesId ?? null,
      startAt: new Date(event.start),
      endAt: new Date(event.end),
      allDay: event.allDay,
      status: event.status,
      showAs: event.showAs,
      selfResponse: event.selfResponse ?? null,
      etag: event.etag ?? null,
      providerUpdatedAt: event.updatedAt !== undefined && Number.isFinite(event.updatedAt) ? new Date(event.updatedAt) : null,
      syncedAt,
    });
  }
  return rows;
}

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}
