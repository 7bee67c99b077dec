/**
 * The host's busy time from their connected calendars, as the availability
 * engine sees it: every calendar they ticked for conflicts, across all
 * accounts, read for one window from the local busy store (external_events,
 * kept fresh by lib/sync) — never from a provider, so it is as fast and as
 * current as the slots page. GET /api/v1/busy shows it with its sources.
 *
 * Each source says how far its rows can be trusted (calendar-sync-health.ts):
 * ok, error (its latest syncs failed; the last good rows still count),
 * needs_reconnect (same, until the host reconnects) or pending (never synced).
 * A pending calendar's time is unknown, and the engine fails closed on it
 * (load-slot-context.ts): so does this answer — the whole window is a block
 * of that calendar (`unknown: true`), as is any part of the window past a
 * calendar's synced horizon. `busy` is therefore exactly the external busy
 * time the engine subtracts for this window.
 */
import type { Interval } from "../availability/types";
import { mergeIntervals } from "../availability/intervals";
import type { DbClient } from "../db/client";
import { Prisma } from "../db/generated/client";
import { blocksTimeSql } from "./blocks-time-sql";
import { calendarSyncHealth, type CalendarSyncHealth } from "./calendar-sync-health";
import { listConflictCalendars } from "./list-conflict-calendars";
import type { ProviderKind } from "./provider";

export type BusySourceStatus = CalendarSyncHealth;

export interface BusySource {
  /** Kairos' id of the calendar (connected_calendars.id). */
  calendarId: string;
  calendarName: string;
  connectionId: string;
  provider: ProviderKind;
  status: BusySourceStatus;
  /** Why it is not ok (for the host; never a credential). */
  error?: string;
  /** When the store last got this calendar's events; null = never (its time is unknown). */
  lastSyncedAt: Date | null;
  /** Stored occurrences that take time in the window. */
  events: number;
}

/** One event's busy time. No title, on purpose: busy time is all availability may know. */
export interface ExternalBusyBlock extends Interval {
  calendarId: string;
  /** Not an event: time whose busyness Kairos does not know (never synced, or past the synced horizon), held busy. */
  unknown?: true;
  title?: never;
}

export interface ExternalBusy {
  /** Merged and sorted (mergeIntervals): what availability subtracts. */
  busy: Interval[];
  /** One entry per ticked calendar, in Settings order (account, then primary first, then name). */
  sources: BusySource[];
  /** Every blocking occurrence (and unknown span), unmerged, sorted by start: which calendar each busy time came from. */
  blocks: ExternalBusyBlock[];
}

export async function loadExternalBusy(db: DbClient, hostId: string, window: Interval): Promise<ExternalBusy> {
  const conflicts = await listConflictCalendars(db, hostId);
  const calendars = conflicts.sources.flatMap((entry) => entry.calendars.map((calendar) => ({ calendar, connection: entry.connection })));
  if (calendars.length === 0) return { busy: [], sources: [], blocks: [] };
  const ids = calendars.map((c) => c.calendar.id);

  const [states, rows] = await Promise.all([
    db.calendarSyncState.findMany({
      where: { calendarId: { in: ids } },
      select: { calendarId: true, lastSyncedAt: true, lastError: true, lastErrorAt: true, consecutiveFailures: true, syncedTo: true },
    }),
    window.end > window.start
      ? db.$queryRaw<{ calendarId: string; start: number; end: number }[]>(Prisma.sql`
          SELECT e.calendar_id AS "calendarId",
                 round(date_part('epoch', e.start_at) * 1000) AS start, round(date_part('epoch', e.end_at) * 1000) AS "end"
          FROM external_events e
          WHERE e.calendar_id IN (${Prisma.join(ids)})
            AND tstzrange(e.start_at, e.end_at) && tstzrange(${new Date(window.start)}::timestamptz, ${new Date(window.end)}::timestamptz)
            AND ${blocksTimeSql("e", conflicts.allDayEventsBlock)}`)
      : Promise.resolve([]),
  ]);
  const stateOf = new Map(states.map((s) => [s.calendarId, s]));
  const counts = new Map<string, number>();
  const blocks: ExternalBusyBlock[] = rows.map((r) => {
    counts.set(r.calendarId, (counts.get(r.calendarId) ?? 0) + 1);
    return { start: Number(r.start), end: Number(r.end), calendarId: r.calendarId };
  });

  const sources = calendars.map(({ calendar, connection }): BusySource => {
    const state = stateOf.get(calendar.id) ?? null;
    const { health, error } = calendarSyncHealth(connection, state);
    const lastSyncedAt = state?.lastSyncedAt ?? null;
    // Unknown time is held busy, as the engine holds it (load-slot-context.ts).
    const knownUntil = lastSyncedAt === null ? -Infinity : (state?.syncedTo?.getTime() ?? Infinity);
    const unknownFrom = Math.max(window.start, knownUntil);
    if (unknownFrom < window.end) blocks.push({ start: unknownFrom, end: window.end, calendarId: calendar.id, unknown: true });
    return {
      calendarId: calendar.id,
      calendarName: calendar.name,
      connectionId: connection.id,
      provider: connection.provider,
      status: health,
      ...(error !== undefined ? { error } : {}),
      lastSyncedAt,
      events: counts.get(calendar.id) ?? 0,
    };
  });

  blocks.sort((a, b) => a.start - b.start || a.end - b.end || a.calendarId.localeCompare(b.calendarId));
  return { busy: mergeIntervals(blocks), sources, blocks };
}
