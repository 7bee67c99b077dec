/**
 * Where a booking is written: the event type's own destination calendar when
 * it has one (and it is still writable), else the host's destination
 * calendar; null when the host has none (the booking then lives in Kairos
 * only). Pass `connection` to providerForConnection and write with
 * `calendar.externalId`.
 */
import type { DbClient } from "../db/client";
import type { CalendarConnection } from "../db/generated/client";

export interface DestinationCalendar {
  calendar: { id: string; externalId: string; name: string; timeZone: string | null };
  connection: CalendarConnection;
}

const SELECT = { id: true, externalId: true, name: true, timeZone: true, connection: true } as const;

export async function resolveDestinationCalendar(db: DbClient, userId: string, eventTypeId?: string | null): Promise<DestinationCalendar | null> {
  if (eventTypeId) {
    const eventType = await db.eventType.findFirst({
      where: { id: eventTypeId, userId },
      // Scoped by user on the calendar too: the column has no composite key to guarantee it.
      select: { destinationCalendar: { select: { ...SELECT, userId: true, canWrite: true } } },
    });
    const own = eventType?.destinationCalendar;
    if (own && own.userId === userId && own.canWrite) {
      const { connection, userId: _userId, canWrite: _canWrite, ...calendar } = own;
      return { calendar, connection };
    }
  }
  const host = await db.connectedCalendar.findFirst({ where: { userId, isDestination: true }, select: SELECT });
  if (!host) return null;
  const { connection, ...calendar } = host;
  return { calendar, connection };
}
