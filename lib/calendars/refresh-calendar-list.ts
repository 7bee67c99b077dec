/**
 * Lists an account's calendars from the provider again: new ones are added
 * (unticked), vanished ones removed, the host's ticks and destination kept
 * (see reconcile-calendars.ts). A failure marks the connection (needs
 * reconnect / error) and is answered as a readable error.
 */
import { invalidateHost } from "../availability/slot-cache";
import type { Db } from "../db/client";
import { withTransaction } from "../db/transaction";
import { AppError, notFound } from "../errors";
import { wakeJobWorkers } from "../jobs";
import { CONNECTION_SELECT, toConnectionDto, type ConnectionDto } from "./connection-dto";
import type { ProviderCalendar } from "./provider";
import { CalendarProviderError } from "./provider-error";
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
    // The account's list is what failed, not a calendar or event the request
    // named: "gone" or "refused" means the account cannot be read as it is
    // (a feed removed, access withdrawn) — the host has to act, so 409 naming
    // the account. Everything else (reconnect, throttling, outage) answers as
    // any provider failure does (lib/http/error-response.ts).
    if (error instanceof CalendarProviderError && (error.reason === "not_found" || error.reason === "invalid" || error.reason === "forbidden")) {
      throw new AppError("conflict", `${connection.label} could not be read: ${error.message}`);
    }
    throw error;
  }

  const row = await withTransaction(db, async (tx) => {
    // Disconnected meanwhile: nothing to reconcile.
    const still = await tx.calendarConnection.findFirst({ where: { id: connectionId, userId }, select: { id: true } });
    if (!still) throw notFound("Calendar connection");
    await reconcileCalendars(tx, { id: connection.id, userId, provider: connection.provider }, listed);
    return tx.calendarConnection.findUniqueOrThrow({ where: { id: connection.id }, select: CONNECTION_SELECT });
  });
  await invalidateHost(userId);
  // The syncs reconcileCalendars queued are visible now: start them.
  wakeJobWorkers();
  return toConnectionDto(row);
}
