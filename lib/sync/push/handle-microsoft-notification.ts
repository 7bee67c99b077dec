/**
 * Microsoft Graph change and lifecycle notifications (POST
 * /api/webhooks/microsoft; one URL serves as notificationUrl and
 * lifecycleNotificationUrl). A POST carries `value: [...]`, possibly several
 * items for several subscriptions.
 *
 * Each item is verified on its own: its subscriptionId must be an active
 * channel of ours (`external_id`), and its clientState must hash to that
 * channel's stored secret. Verified items are acted on; failed ones change
 * nothing. The answer covers the batch:
 * - 202 when every item verified;
 * - 401 when any item had a wrong or missing clientState (a forgery: Graph
 *   always echoes what we set) — verified items of that batch were still
 *   acted on, which is safe because acting only queues keyed, idempotent jobs;
 * - 404 when the only failures were unknown/stopped subscriptions.
 * Graph retries a batch it got no 2xx for; a retried item queues the same
 * merged job again, so nothing happens twice.
 *
 * What verified items do — never trusting the payload for content:
 * - change notifications (created/updated/deleted) → one incremental sync per calendar;
 * - `reauthorizationRequired` → renew the subscription now ("calendar.watch" with renew);
 * - `subscriptionRemoved` → the channel is marked stopped, a new one is
 *   created, and a sync catches up on anything the gap hid;
 * - `missed` → a sync (the delta cursor covers whatever was not notified).
 */
import { z } from "zod";
import type { Db } from "../../db/client";
import { AppError, notFound } from "../../errors";
import { tokenMatches } from "../../security/tokens";
import { enqueueCalendarWatch } from "./enqueue-calendar-watch";
import { enqueuePushSync } from "./enqueue-push-sync";

const itemSchema = z.object({
  subscriptionId: z.string().min(1).max(200),
  clientState: z.string().max(256).nullish(),
  changeType: z.string().max(100).nullish(),
  lifecycleEvent: z.string().max(100).nullish(),
});

export const graphNotificationSchema = z.object({ value: z.array(itemSchema).min(1).max(1000) });
export type GraphNotificationBatch = z.output<typeof graphNotificationSchema>;

export interface GraphNotificationResult {
  /** Items verified and acted on. */
  accepted: number;
}

export async function handleMicrosoftNotification(db: Db, batch: GraphNotificationBatch): Promise<GraphNotificationResult> {
  const ids = [...new Set(batch.value.map((item) => item.subscriptionId))];
  const channels = await db.pushChannel.findMany({ where: { provider: "microsoft", status: "active", externalId: { in: ids } } });
  const bySubscription = new Map(channels.map((c) => [c.externalId!, c]));

  let forged = 0;
  let unknown = 0;
  const changed = new Map<string, (typeof channels)[number]>();
  const lifecycle: { event: string; channel: (typeof channels)[number] }[] = [];
  for (const item of batch.value) {
    const channel = bySubscription.get(item.subscriptionId);
    if (!channel) unknown++;
    else if (!tokenMatches(item.clientState, channel.secretHash)) forged++;
    else if (item.lifecycleEvent) lifecycle.push({ event: item.lifecycleEvent, channel });
    else changed.set(channel.calendarId, channel);
  }

  for (const channel of changed.values()) await enqueuePushSync(db, channel);
  for (const { event, channel } of lifecycle) await onLifecycleEvent(db, event, channel);

  if (forged > 0) throw new AppError("unauthorized", "A notification's clientState does not match its subscription.");
  if (unknown > 0) throw notFound("Subscription");
  return { accepted: changed.size + lifecycle.length };
}

/**
 * After subscriptionRemoved or missed, notifications may have been lost. An
 * incremental sync is enough: the delta cursor returns every change since the
 * last sync, notified or not. Lifecycle events Graph may add later are
 * acknowledged and otherwise ignored.
 */
async function onLifecycleEvent(db: Db, event: string, channel: { id: string; calendarId: string }): Promise<void> {
  if (event === "subscriptionRemoved" || event === "missed") await enqueuePushSync(db, channel, "recovery");
  else await db.pushChannel.updateMany({ where: { id: channel.id }, data: { lastNotificationAt: new Date() } });

  if (event === "reauthorizationRequired") await enqueueCalendarWatch(db, channel.calendarId, { renew: true });
  if (event === "subscriptionRemoved") {
    // Graph deleted it: nothing to stop there. Without an active channel the watch job creates one.
    await db.pushChannel.updateMany({ where: { id: channel.id }, data: { status: "stopped" } });
    await enqueueCalendarWatch(db, channel.calendarId);
  }
}
