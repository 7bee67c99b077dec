/**
 * The "calendar.unwatch" job: stops one retired channel at the provider
 * (retire-channels.ts marked it stopped here already). Best effort: a channel
 * the provider no longer knows counts as stopped (the adapters treat 404 so),
 * and a refused stop ends the job — the channel then expires on its own.
 *
 * A channel deleted with its calendar (the provider stopped listing it) has no
 * row left: the job carries it (`removed`) and stops it through the account.
 */
import { providerForConnection, type ConnectionForProvider } from "../../calendars/provider-for-connection";
import type { Db } from "../../db/client";
import type { JobOutcome, RemovedPushChannel } from "../../jobs";
import { providerJobError } from "./provider-job-error";
import { toProviderChannel } from "./provider-channel";

export async function unwatchChannel(db: Db, channelId: string, removed?: RemovedPushChannel): Promise<JobOutcome> {
  const row = await db.pushChannel.findUnique({ where: { id: channelId }, include: { calendar: { include: { connection: true } } } });
  if (!row) {
    // Gone with its account (the disconnect hook stopped it) or already purged.
    if (!removed) return { result: { action: "none" } };
    const connection = await db.calendarConnection.findUnique({ where: { id: removed.connectionId } });
    // Disconnected since: no credentials left to stop it with; it expires at the provider.
    if (!connection) return { subjectId: removed.calendarId, result: { action: "none", channelId } };
    const channel = { id: channelId, provider: removed.provider, externalId: removed.externalId, expiresAt: new Date(removed.expiresAt), calendarId: removed.calendarId };
    return stopAtProvider(db, connection, channelId, toProviderChannel(channel, removed.calendarExternalId), removed.calendarId);
  }
  const subjectId = row.calendarId;
  // Never stop a channel that is in use (cannot happen through retireChannels; guards hand-made jobs).
  if (row.status === "active") return { subjectId, result: { action: "none", channelId } };
  return stopAtProvider(db, row.calendar.connection, channelId, toProviderChannel(row, row.calendar.externalId), subjectId);
}

async function stopAtProvider(
  db: Db,
  connection: ConnectionForProvider,
  /** Ours (the row's id), for the run's record. */
  channelId: string,
  channel: ReturnType<typeof toProviderChannel>,
  subjectId: string,
): Promise<JobOutcome> {
  const adapter = providerForConnection(db, connection);
  if (!adapter.stopWatch) return { subjectId, result: { action: "none", channelId } };
  try {
    await adapter.stopWatch(channel);
  } catch (error) {
    throw providerJobError(error);
  }
  return { subjectId, result: { action: "stopped", channelId } };
}
