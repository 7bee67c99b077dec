/**
 * One of the caller's connected calendars, with what talking to it needs: its
 * connection (for providerForConnection) and the host's zone and address. A
 * calendar of another host is "not found" — its existence is never revealed.
 */
import type { Db, DbClient } from "../db/client";
import type { CalendarConnection } from "../db/generated/client";
import { notFound } from "../errors";
import type { ProviderSettings } from "./build-provider";
import { providerForConnection, type ConnectionProvider } from "./provider-for-connection";

export interface OwnedCalendar {
  calendar: { id: string; externalId: string; name: string; canWrite: boolean; selectedForConflicts: boolean };
  connection: CalendarConnection;
  host: { timeZone: string; email: string };
}

export async function loadOwnedCalendar(db: DbClient, userId: string, calendarId: string): Promise<OwnedCalendar> {
  const row = await db.connectedCalendar.findFirst({
    where: { id: calendarId, userId },
    select: {
      id: true,
      externalId: true,
      name: true,
      canWrite: true,
      selectedForConflicts: true,
      connection: { include: { user: { select: { timeZone: true, email: true } } } },
    },
  });
  if (!row) throw notFound("Calendar");
  const { connection: { user, ...connection }, ...calendar } = row;
  return { calendar, connection, host: user };
}

/** The adapter of the calendar's account, reading in the host's zone and knowing their addresses. */
export function ownedCalendarProvider(db: Db, owned: OwnedCalendar, settings: ProviderSettings = {}): ConnectionProvider {
  return providerForConnection(db, owned.connection, {
    google: settings.google,
    microsoft: settings.microsoft,
    microsoftTransport: settings.microsoftTransport,
    timeZone: owned.host.timeZone,
    selfEmails: [owned.host.email, ...(owned.connection.accountEmail ? [owned.connection.accountEmail] : [])],
  });
}
