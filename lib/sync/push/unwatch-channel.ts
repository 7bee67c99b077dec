/**
 * The "calendar.unwatch" job: stops one retired channel at the provider
 * (retire-channels.ts marked it stopped here already). Best effort: a channel
 * the provider no longer knows counts as stopped (the adapters treat 404 so),
 * and a refused stop ends the job — the channel then expires on its own.
 */
import { providerForConnection } from "../../calendars/provider-for-connection";
import type { Db } from "../../db/client";
import type { JobOutcome } from "../../jobs";
import { providerJobError } from "./provider-job-error";
import { toProviderChannel } from "./provider-channel";

export async function unwatchChannel(db: Db, channelId: string): Promise<JobOutcome> {
  const row = await db.pushChannel.findUnique({ where: { id: channelId }, include: { calendar: { include: { connection: true } } } });
  // Gone with its calendar or account (the disconnect hook stopped it), or already purged.
  if (!row) return { result: { action: "none" } };
  const subjectId = row.calendarId;
  // Never stop a channel that is in use (cannot happen through retireChannels; guards hand-made jobs).
  if (row.status === "active") return { subjectId, result: { action: "none", channelId } };
  const adapter = providerForConnection(db, row.calendar.connection);
  if (!adapter.stopWatch) return { subjectId, result: { action: "none", channelId } };
  try {
    await adapter.stopWatch(toProviderChannel(row, row.calendar.externalId));
  } catch (error) {
    throw providerJobError(error);
  }
  return { subjectId, result: { action: "stopped", channelId } };
}
