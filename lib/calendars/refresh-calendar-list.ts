/**
 * Lists an account's calendars from the provider again: new ones are added
 * (unticked), vanished ones removed, the host's ticks and destination kept
 * (see reconcile-calendars.ts). A failure marks the connection (needs
 * reconnect / error) and is answered as a readable error.
 */
import { invalidateHost } from "../availability/slot-cache";
import type { Db } from "../db/client";
import { notFound } from "../errors";
import { CONNECTION_SELECT, toConnectionDto, type ConnectionDto } from "./connection-dto";
import type { ProviderCalendar } from "./provider";
import { providerAppError } from "./provider-app-error";
import { providerForConnection, type ProviderForConnectionOptions } from "./provider-for-connection";
import { reconcileCalendars } from "./reconcile-calendars";

export async function refreshCalendarList(
  db: Db,
  userId: string,
  connectionId: string,
  options: ProviderForConnectionOptions = {},
): Promise<ConnectionDto> {
  const connection = await db.calendarConnection.findFirst({ where: { id: connectionId, userId } });
  if (!connection) throw notFound("Calendar connection");

  let listed: ProviderCalendar[];
  try {
    listed = await providerForConnection(db, connection, options).listCalendars();
  } catch (error) {
    throw providerAppError(error, connection.label);
  }

  const row = await db.$transaction(async (tx) => {
    // Disconnected meanwhile: nothing to reconcile.
    const still = await tx.calendarConnection.findFirst({ where: { id: connectionId, userId }, select: { id: true } });
    if (!still) throw notFound("Calendar connection");
    await reconcileCalendars(tx, { id: connection.id, userId, provider: connection.provider }, listed);
    return tx.calendarConnection.findUniqueOrThrow({ where: { id: connection.id }, select: CONNECTION_SELECT });
  });
  await invalidateHost(userId);
  return toConnectionDto(row);
}
