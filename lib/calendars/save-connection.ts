/**
 * Stores a connection the host just made (OAuth callback, CalDAV login, ICS
 * subscription) with its calendars. Connecting an account that is already
 * connected — the same provider account id — is a reconnect: the same row gets
 * the new credentials and becomes active again, its calendars and the host's
 * choices stay, and the host's failed calendar writes are queued again.
 */
import { invalidateHost } from "../availability/slot-cache";
import type { Db } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { withTransaction } from "../db/transaction";
import { enqueueJob, wakeJobWorkers } from "../jobs";
import { sealCredentials, type ConnectionCredentials } from "./connection-credentials";
import { CONNECTION_SELECT, toConnectionDto, type ConnectionDto } from "./connection-dto";
import type { ProviderCalendar } from "./provider";
import { reconcileCalendars } from "./reconcile-calendars";

export interface SaveConnectionInput {
  credentials: ConnectionCredentials;
  /** The provider's id of the account; with the provider, what makes two connects the same account. */
  externalAccountId: string;
  label: string;
  accountEmail: string | null;
  calendars: ProviderCalendar[];
}

export async function saveConnection(db: Db, userId: string, input: SaveConnectionInput): Promise<ConnectionDto> {
  const provider = input.credentials.provider;
  const attempt = () =>
    withTransaction(db, async (tx) => {
      const key = { userId_provider_externalAccountId: { userId, provider, externalAccountId: input.externalAccountId } };
      const existing = await tx.calendarConnection.findUnique({ where: key, select: { id: true } });
      const fields = { label: input.label, accountEmail: input.accountEmail, status: "active" as const, lastError: null, lastErrorAt: null };
      // The ciphertext is bound to the row id, so a new row is created first and sealed second.
      const { id } =
        existing ??
        (await tx.calendarConnection.create({
          data: { ...fields, userId, provider, externalAccountId: input.externalAccountId, credentials: "" },
          select: { id: true },
        }));
      await tx.calendarConnection.update({ where: { id }, data: { ...fields, credentials: sealCredentials(id, input.credentials) } });
      await reconcileCalendars(tx, { id, userId, provider }, input.calendars);
      // Calendar writes that failed for want of this account get another go (lib/booking).
      await enqueueJob(tx, "booking.retry-failed-write-backs", { hostId: userId }, { key: `booking.retry-failed-write-backs:${userId}` });
      return tx.calendarConnection.findUniqueOrThrow({ where: { id }, select: CONNECTION_SELECT });
    });

  let row;
  try {
    row = await attempt();
  } catch (error) {
    // The same account connected twice at once, or two connects each making
    // their calendar the first destination: the loser runs again and now
    // finds the winner's row.
    if (!isUniqueViolation(error)) throw error;
    row = await attempt();
  }
  await invalidateHost(userId);
  // The syncs reconcileCalendars queued are visible now: start them.
  wakeJobWorkers();
  return toConnectionDto(row);
}
