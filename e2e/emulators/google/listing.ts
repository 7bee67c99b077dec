/**
 * events.list / events.instances / freeBusy over the stored events, following Google's rules:
 * singleEvents expands series (exceptions replace their instance), cancelled items appear with
 * showDeleted, updatedMin or a syncToken, and "cancelled instances of recurring events (but not
 * the underlying recurring event) will still be included if showDeleted and singleEvents are
 * both False".
 */
import type { Occurrence } from "../shared/recurrence";
import { formatOffsetDateTime } from "../shared/zoned-time";
import {
  durationOf,
  instanceIdOf,
  occurrenceKey,
  occurrencesOf,
  renderCancelled,
  renderEvent,
  renderInstance,
  type RenderContext,
} from "./events";
import type { GoogleCalendar, StoredEvent } from "./model";
import type { GoogleState, SyncTokenState } from "./state";

/** How far an open-ended series is expanded when the query has no timeMax. */
export const EXPANSION_HORIZON_MS = 2 * 366 * 86_400_000;

export interface ListQuery {
  singleEvents: boolean;
  showDeleted: boolean;
  timeMin?: number;
  timeMax?: number;
  updatedMin?: number;
  orderBy?: "startTime" | "updated";
  q?: string;
  iCalUID?: string;
  privateExtendedProperty: Array<[string, string]>;
  sharedExtendedProperty: Array<[string, string]>;
  /** Incremental sync: only what changed after this token. */
  sync?: SyncTokenState;
}

export interface Row {
  id: string;
  start: number;
  updated: number;
  resource: Record<string, unknown>;
}

function overlaps(start: number, end: number, from: number, to: number): boolean {
  if (end === start) return start >= from && start < to;
  return end > from && start < to;
}

function matchesFilters(event: StoredEvent, query: ListQuery): boolean {
  if (query.iCalUID && event.iCalUID !== query.iCalUID) return false;
  if (query.q) {
    const needle = query.q.toLowerCase();
    const haystack = [
      event.fields.summary,
      event.fields.description,
      event.fields.location,
      ...(Array.isArray(event.fields.attendees)
        ? (event.fields.attendees as Array<{ email?: string; displayName?: string }>).flatMap((a) => [a.email, a.displayName])
        : []),
    ]
      .filter((v): v is string => typeof v === "string")
      .join("\n")
      .toLowerCase();
    if (!haystack.includes(needle)) return false;
  }
  const props = (event.fields.extendedProperties ?? {}) as { private?: Record<string, string>; shared?: Record<string, string> };
  for (const [k, v] of query.privateExtendedProperty) if (props.private?.[k] !== v) return false;
  for (const [k, v] of query.sharedExtendedProperty) if (props.shared?.[k] !== v) return false;
  return true;
}

function expansionWindow(master: StoredEvent, from: number | undefined, to: number | undefined) {
  const start = from ?? master.start.ms;
  const end = to ?? Math.max(Date.now(), start) + EXPANSION_HORIZON_MS;
  return { from: start, to: end };
}

function instanceRows(
  master: StoredEvent,
  occurrences: Occurrence[],
  exceptions: Map<string, StoredEvent>,
  ctx: RenderContext,
  includeCancelled: boolean,
): Row[] {
  const rows: Row[] = [];
  for (const occurrence of occurrences) {
    const key = occurrenceKey(master.allDay, occurrence.startMs, occurrenceDateOf(occurrence));
    if (exceptions.has(key)) continue;
    if (master.status === "cancelled") {
      if (!includeCancelled) continue;
      rows.push({
        id: instanceIdOf(master, occurrence),
        start: occurrence.startMs,
        updated: master.updated,
        resource: renderCancelled(
          { id: instanceIdOf(master, occurrence), etag: master.etag, updated: master.updated },
          {
            masterId: master.id,
            allDay: master.allDay,
            original: { ms: occurrence.startMs, date: occurrenceDateOf(occurrence), timeZone: master.start.timeZone },
          },
          ctx.responseZone,
        ),
      });
      continue;
    }
    rows.push({
      id: instanceIdOf(master, occurrence),
      start: occurrence.startMs,
      updated: master.updated,
      resource: renderInstance(master, occurrence, ctx),
    });
  }
  return rows;
}

function occurrenceDateOf(o: Occurrence): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${o.wall.year}-${p(o.wall.month)}-${p(o.wall.day)}`;
}

function storedRow(event: StoredEvent, ctx: RenderContext): Row {
  const resource =
    event.status === "cancelled"
      ? renderCancelled(
          event,
          event.recurringEventId && event.originalStart
            ? { masterId: event.recurringEventId, allDay: event.allDay, original: event.originalStart }
            : undefined,
          ctx.responseZone,
        )
      : renderEvent(event, ctx);
  return { id: event.id, start: event.start.ms, updated: event.updated, resource };
}

/** The rows of an events.list call, sorted (paging is the caller's). */
export function listRows(state: GoogleState, calendar: GoogleCalendar, query: ListQuery, ctx: RenderContext): Row[] {
  const store = state.store(calendar.id);
  const sync = query.sync;
  const from = sync ? sync.timeMin : query.timeMin;
  const to = sync ? sync.timeMax : query.timeMax;
  const lo = from ?? -Infinity;
  const hi = to ?? Infinity;
  const cancelledVisible = Boolean(sync) || query.showDeleted || query.updatedMin !== undefined;
  const rows = new Map<string, Row>();
  const add = (row: Row) => rows.set(row.id, row);

  for (const event of store.values()) {
    if (sync && event.seq <= sync.seq) continue;
    if (query.updatedMin !== undefined && event.updated < query.updatedMin) continue;
    if (!matchesFilters(event, query)) continue;
    const cancelled = event.status === "cancelled";

    if (event.recurrence) {
      const window = expansionWindow(event, from, to);
      const occurrences = occurrencesOf(event, window.from, window.to);
      if (query.singleEvents) {
        for (const row of instanceRows(event, occurrences, state.exceptionsOf(event), ctx, cancelledVisible)) add(row);
        continue;
      }
      if (cancelled && !cancelledVisible) continue;
      const exceptions = [...state.exceptionsOf(event).values()];
      const inWindow =
        sync !== undefined ||
        occurrences.length > 0 ||
        exceptions.some((e) => overlaps(e.start.ms, e.end.ms, lo, hi));
      if (inWindow) add(storedRow(event, ctx));
      continue;
    }

    // Singles and exceptions (an exception stands in for its instance in both modes).
    if (cancelled) {
      const isException = Boolean(event.recurringEventId);
      const visible = cancelledVisible || (isException && !query.singleEvents);
      if (!visible) continue;
    }
    if (!sync) {
      const start = event.originalStart && cancelled ? event.originalStart.ms : event.start.ms;
      const end = event.originalStart && cancelled ? event.originalStart.ms + durationOf(event) : event.end.ms;
      if (!overlaps(start, end, lo, hi)) continue;
    }
    add(storedRow(event, ctx));
  }

  const sorted = [...rows.values()];
  if (query.orderBy === "updated") sorted.sort((a, b) => a.updated - b.updated || a.id.localeCompare(b.id));
  else sorted.sort((a, b) => a.start - b.start || a.id.localeCompare(b.id));
  return sorted;
}

/** events.instances: the instances (and exceptions) of one recurring event. */
export function instanceRowsOf(
  state: GoogleState,
  master: StoredEvent,
  query: { timeMin?: number; timeMax?: number; showDeleted: boolean; originalStart?: number },
  ctx: RenderContext,
): Row[] {
  const window = expansionWindow(master, query.timeMin, query.timeMax);
  const exceptions = state.exceptionsOf(master);
  const rows: Row[] = instanceRows(master, occurrencesOf(master, window.from, window.to), exceptions, ctx, query.showDeleted);
  for (const exception of exceptions.values()) {
    if (exception.status === "cancelled" && !query.showDeleted) continue;
    if (!overlaps(exception.start.ms, exception.end.ms, window.from, window.to)) continue;
    rows.push(storedRow(exception, ctx));
  }
  const filtered = query.originalStart === undefined ? rows : rows.filter((r) => r.start === query.originalStart);
  return filtered.sort((a, b) => a.start - b.start || a.id.localeCompare(b.id));
}

/** Busy intervals of a calendar in [from, to): opaque, not cancelled, not declined by the owner. */
export function busyIntervals(state: GoogleState, calendar: GoogleCalendar, from: number, to: number, zone: string) {
  const owner = state.calendarOwner(calendar);
  const intervals: Array<[number, number]> = [];
  const blocks = (event: StoredEvent) => {
    if (event.status === "cancelled" || event.fields.transparency === "transparent") return false;
    const attendees = Array.isArray(event.fields.attendees) ? (event.fields.attendees as Array<Record<string, unknown>>) : [];
    const self = attendees.find((a) => typeof a.email === "string" && a.email.toLowerCase() === owner.email);
    return !(self && self.responseStatus === "declined");
  };
  for (const event of state.store(calendar.id).values()) {
    if (event.recurringEventId) {
      if (blocks(event) && overlaps(event.start.ms, event.end.ms, from, to)) intervals.push([event.start.ms, event.end.ms]);
      continue;
    }
    if (event.recurrence) {
      if (!blocks(event)) continue;
      const exceptions = state.exceptionsOf(event);
      const duration = durationOf(event);
      for (const o of occurrencesOf(event, from, to)) {
        if (exceptions.has(occurrenceKey(event.allDay, o.startMs, occurrenceDateOf(o)))) continue;
        intervals.push([o.startMs, o.startMs + duration]);
      }
      continue;
    }
    if (blocks(event) && overlaps(event.start.ms, event.end.ms, from, to)) intervals.push([event.start.ms, event.end.ms]);
  }
  intervals.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [s, e] of intervals) {
    const start = Math.max(s, from);
    const end = Math.min(e, to);
    if (end <= start) continue;
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged.map(([s, e]) => ({ start: formatOffsetDateTime(s, zone), end: formatOffsetDateTime(e, zone) }));
}
