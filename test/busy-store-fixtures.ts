/**
 * Seeding the busy store directly, the way lib/sync leaves it after a sync:
 * a connection with calendars (ticked or not), occurrences in external_events
 * and a calendar_sync_states row. For read-side tests (slots, bookings, busy
 * report, sync status) that must not depend on a provider: availability never
 * calls one, it reads these rows.
 */
import type { Db } from "../lib/db/client";
import type { CalendarProviderKind, Prisma } from "../lib/db/generated/client";

let counter = 0;

export interface SeedCalendar {
  connectionId: string;
  calendarId: string;
}

/** A connection (its credentials are never read by these paths) with one calendar per entry of `calendars`. */
export async function seedConnection(
  db: Db,
  userId: string,
  calendars: { name?: string; selected?: boolean; isPrimary?: boolean }[] = [{}],
  options: { provider?: CalendarProviderKind; label?: string; status?: "active" | "needs_reconnect" | "error"; lastError?: string } = {},
): Promise<{ connectionId: string; calendarIds: string[] }> {
  const n = ++counter;
  const connection = await db.calendarConnection.create({
    data: {
      userId,
      provider: options.provider ?? "google",
      label: options.label ?? `seeded-${n}@example.com`,
      accountEmail: options.provider === "ics" ? null : (options.label ?? `seeded-${n}@example.com`),
      externalAccountId: `seeded-account-${n}-${Math.random().toString(36).slice(2, 8)}`,
      credentials: "seeded: never read by the store's readers",
      status: options.status ?? "active",
      lastError: options.lastError ?? null,
      lastErrorAt: options.lastError ? new Date() : null,
    },
  });
  const calendarIds: string[] = [];
  for (const [i, calendar] of calendars.entries()) {
    const row = await db.connectedCalendar.create({
      data: {
        connectionId: connection.id,
        userId,
        externalId: `seeded-calendar-${n}-${i}`,
        name: calendar.name ?? `Calendar ${n}.${i}`,
        isPrimary: calendar.isPrimary ?? i === 0,
        canWrite: options.provider !== "ics",
        selectedForConflicts: calendar.selected ?? true,
      },
    });
    calendarIds.push(row.id);
  }
  return { connectionId: connection.id, calendarIds };
}

/** The sync bookkeeping of a calendar that synced (or tried to): upserted. */
export async function seedSyncState(
  db: Db,
  calendarId: string,
  state: Partial<Omit<Prisma.CalendarSyncStateUncheckedCreateInput, "calendarId">> = {},
): Promise<void> {
  const data = { lastSyncedAt: new Date(), lastAttemptAt: new Date(), ...state };
  await db.calendarSyncState.upsert({ where: { calendarId }, create: { calendarId, ...data }, update: data });
}

export interface SeedEvent {
  start: string | number;
  end: string | number;
  externalId?: string;
  seriesId?: string;
  allDay?: boolean;
  status?: "confirmed" | "tentative";
  showAs?: "busy" | "free";
  selfResponse?: "accepted" | "declined" | "tentative" | "needsAction";
}

/** Occurrences of one calendar, as sync stores them (one row each, series expanded). */
export async function seedEvents(db: Db, calendarId: string, events: SeedEvent[]): Promise<void> {
  await db.externalEvent.createMany({
    data: events.map((event) => ({
      calendarId,
      externalId: event.externalId ?? `event-${++counter}`,
      seriesId: event.seriesId ?? null,
      startAt: new Date(event.start),
      endAt: new Date(event.end),
      allDay: event.allDay ?? false,
      status: event.status ?? "confirmed",
      showAs: event.showAs ?? "busy",
      selfResponse: event.selfResponse ?? null,
    })),
  });
}
