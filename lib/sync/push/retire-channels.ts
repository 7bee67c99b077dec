import type { DbClient } from "../../db/client";
import { enqueueJob, type RemovedPushChannel } from "../../jobs";

/** One "calendar.unwatch" job per channel while queued: a second retirement merges into it. */
const unwatchKey = (channelId: string) => `calendar.unwatch:${channelId}`;
const UNWATCH_ATTEMPTS = 5;

/**
 * Stops using channels now (their notifications answer 404 from here on) and
 * queues stopping them at the provider, which retries by itself and may fail
 * for good without harm: an unstopped channel expires at the provider anyway.
 */
export async function retireChannels(db: DbClient, channels: readonly { id: string }[]): Promise<void> {
  if (channels.length === 0) return;
  const ids = channels.map((c) => c.id);
  await db.pushChannel.updateMany({ where: { id: { in: ids } }, data: { status: "stopped" } });
  for (const channelId of ids) {
    await enqueueJob(db, "calendar.unwatch", { channelId }, { key: unwatchKey(channelId), maxAttempts: UNWATCH_ATTEMPTS });
  }
}

/**
 * For calendars about to be deleted because the provider no longer lists
 * them (reconcile-calendars.ts): their channel rows go with them (ON DELETE
 * CASCADE), so each channel still to be stopped — an active one, or a retired
 * one whose "calendar.unwatch" has not run yet — gets a job that carries the
 * channel itself. Call it in the deleting transaction, before the delete: the
 * jobs commit with it. The account's credentials must still exist when the
 * job runs; if the host disconnects first, the channel expires on its own.
 */
export async function retireChannelsOfRemovedCalendars(tx: DbClient, calendarIds: readonly string[]): Promise<void> {
  if (calendarIds.length === 0) return;
  const channels = await tx.pushChannel.findMany({
    where: { calendarId: { in: [...calendarIds] } },
    include: { calendar: { select: { connectionId: true, externalId: true } } },
  });
  if (channels.length === 0) return;
  const pending = await tx.job.findMany({
    where: { key: { in: channels.map((c) => unwatchKey(c.id)) }, state: "queued" },
    select: { key: true },
  });
  const unwatchQueued = new Set(pending.map((job) => job.key));
  for (const channel of channels) {
    // A stopped channel without a queued job was stopped at the provider already (or given up on).
    if (channel.status !== "active" && !unwatchQueued.has(unwatchKey(channel.id))) continue;
    const removed: RemovedPushChannel = {
      connectionId: channel.calendar.connectionId,
      calendarId: channel.calendarId,
      calendarExternalId: channel.calendar.externalId,
      provider: channel.provider,
      externalId: channel.externalId,
      expiresAt: channel.expiresAt.toISOString(),
    };
    // Merges into a queued job of the channel (payloads merge), which then has what it needs too.
    await enqueueJob(tx, "calendar.unwatch", { channelId: channel.id, removed }, { key: unwatchKey(channel.id), maxAttempts: UNWATCH_ATTEMPTS });
  }
}
