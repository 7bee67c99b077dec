import type { Db } from "../../db/client";
import { enqueueJob } from "../../jobs";

/**
 * Stops using channels now (their notifications answer 404 from here on) and
 * queues stopping them at the provider, which retries by itself and may fail
 * for good without harm: an unstopped channel expires at the provider anyway.
 */
export async function retireChannels(db: Db, channels: readonly { id: string }[]): Promise<void> {
  if (channels.length === 0) return;
  const ids = channels.map((c) => c.id);
  await db.pushChannel.updateMany({ where: { id: { in: ids } }, data: { status: "stopped" } });
  for (const channelId of ids) {
    await enqueueJob(db, "calendar.unwatch", { channelId }, { key: `calendar.unwatch:${channelId}`, maxAttempts: 5 });
  }
}
