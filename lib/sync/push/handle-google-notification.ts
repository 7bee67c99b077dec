/**
 * A Google Calendar push notification (POST /api/webhooks/google): headers
 * only, no body, and all it says is "something in this calendar changed".
 *
 * Verification: the channel id must name an active channel of ours (else 404
 * — unknown, stopped or replaced channels; Google stops retrying on a 404),
 * the channel token must hash to its stored secret (else 401), and a resource
 * id, when present, must be the one Google gave the channel (else 401).
 * Nothing is written or queued for a request that fails any check.
 *
 * A verified `sync` message (sent once when a channel is created) is only
 * acknowledged; `exists` / `not_exists` queue an incremental sync. The payload
 * is never trusted for content: the sync asks Google what changed.
 */
import type { Db } from "../../db/client";
import { AppError, notFound } from "../../errors";
import { tokenMatches } from "../../security/tokens";
import { enqueuePushSync } from "./enqueue-push-sync";

const CHANGE_STATES = new Set(["exists", "not_exists"]);

/** `sync: true` when a sync was queued (answer 202), false when only acknowledged (200). */
export async function handleGoogleNotification(db: Db, headers: Headers): Promise<{ sync: boolean }> {
  const channelId = headers.get("x-goog-channel-id");
  if (!channelId) throw new AppError("validation_error", "X-Goog-Channel-ID is missing.");
  const channel = await db.pushChannel.findUnique({ where: { id: channelId } });
  if (!channel || channel.provider !== "google" || channel.status !== "active") throw notFound("Push channel");
  if (!tokenMatches(headers.get("x-goog-channel-token"), channel.secretHash)) {
    throw new AppError("unauthorized", "The channel token does not match.");
  }
  const resourceId = headers.get("x-goog-resource-id");
  if (resourceId && channel.externalId && resourceId !== channel.externalId) {
    throw new AppError("unauthorized", "The resource id does not belong to this channel.");
  }

  if (!CHANGE_STATES.has(headers.get("x-goog-resource-state") ?? "")) {
    // "sync": the channel works; nothing changed yet.
    await db.pushChannel.updateMany({ where: { id: channel.id }, data: { lastNotificationAt: new Date() } });
    return { sync: false };
  }
  await enqueuePushSync(db, channel);
  return { sync: true };
}
