/**
 * GET /api/v1/busy: the merged busy blocks the availability engine subtracts
 * for the host — their connected calendars, read from the busy store
 * (loadExternalBusy: no provider is called), plus their own Kairos bookings —
 * each with the sources that make it busy, and how fresh every calendar
 * source is (status from its sync state, lastSyncedAt, the last error). A
 * ticked calendar that has never synced is "pending" and its whole window is
 * busy, as the engine holds it; one whose syncs fail keeps its last good
 * events. Blocks overlapping the window come whole, not cut at its edges (as
 * the engine sees them).
 */
import type { Db } from "../db/client";
import { notFound } from "../errors";
import { toZonedIso } from "../time";
import { loadExternalBusy, type BusySourceStatus } from "./load-external-busy";
import { mergeBusyBlocks, type SourcedInterval } from "./merge-busy-blocks";
import type { ProviderKind } from "./provider";
import { resolveCalendarWindow } from "./resolve-calendar-window";
import type { CalendarWindowQuery } from "./calendar-event-schema";

/** The source id of the host's own bookings. */
export const KAIROS_SOURCE_ID = "kairos";

export interface BusyReport {
  /** ISO 8601 instants with the host's offset; `sources` are calendar ids and/or "kairos". */
  busy: { start: string; end: string; sources: string[] }[];
  calendars: {
    id: string;
    name: string;
    provider: ProviderKind | "kairos";
    status: BusySourceStatus;
    error?: string;
    /** Calendars only: when the store last got its events (ISO); null = never, its time is unknown and held busy. */
    lastSyncedAt?: string | null;
  }[];
}

export async function getBusyReport(db: Db, userId: string, query: CalendarWindowQuery): Promise<BusyReport> {
  const host = await db.user.findUnique({ where: { id: userId }, select: { timeZone: true } });
  if (!host) throw notFound("User");
  const window = resolveCalendarWindow(query, host.timeZone);

  const [external, bookings] = await Promise.all([
    loadExternalBusy(db, userId, window),
    // The blocked ranges (meeting + buffers) of live bookings — exactly what the
    // engine subtracts and the exclusion constraint keeps disjoint.
    db.booking.findMany({
      where: { hostId: userId, status: "confirmed", blockedStartAt: { lt: new Date(window.end) }, blockedEndAt: { gt: new Date(window.start) } },
      select: { blockedStartAt: true, blockedEndAt: true },
    }),
  ]);

  const blocks: SourcedInterval[] = [
    ...bookings.map((b) => ({ start: b.blockedStartAt.getTime(), end: b.blockedEndAt.getTime(), sourceId: KAIROS_SOURCE_ID })),
    ...external.blocks.map((b) => ({ start: b.start, end: b.end, sourceId: b.calendarId })),
  ];
  const calendars: BusyReport["calendars"] = [
    { id: KAIROS_SOURCE_ID, name: "Kairos bookings", provider: "kairos", status: "ok" },
    ...external.sources.map((s) => ({
      id: s.calendarId,
      name: s.calendarName,
      provider: s.provider,
      status: s.status,
      ...(s.error !== undefined ? { error: s.error } : {}),
      lastSyncedAt: s.lastSyncedAt?.toISOString() ?? null,
    })),
  ];
  const merged = mergeBusyBlocks(blocks, calendars.map((c) => c.id));
  return {
    busy: merged.map((b) => ({ start: toZonedIso(b.start, host.timeZone), end: toZonedIso(b.end, host.timeZone), sources: b.sources })),
    calendars,
  };
}
