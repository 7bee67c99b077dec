/**
 * The "calendar.watch" job: makes one calendar's push channels match its
 * state, reading everything fresh (the job may run late or twice).
 *
 * - Selected, on a provider with push (Google, Microsoft), account usable →
 *   exactly one active channel that does not expire within a day:
 *   Google channels cannot be extended, so a new one is created and the old
 *   one stopped only after the new one is live (no gap; a notification on
 *   both just merges into one sync); a Graph subscription is renewed in place
 *   (PATCH), or replaced if Graph no longer knows it.
 * - Otherwise (unticked, account needs reconnecting, provider without push)
 *   → every active channel is marked stopped here at once — its notifications
 *   get 404 from then on — and stopped at the provider by "calendar.unwatch"
 *   jobs, which retry on their own.
 *
 * A channel row is written before the provider is asked (Google sends its
 * first "sync" message at once, Graph may notify right after creating), with
 * `expires_at` = now: until the provider confirms, it counts as expiring, so a
 * crash in between only leads to a replacement at the next upkeep.
 *
 * When the provider refuses (a webhook address that is not https or not
 * reachable — PUBLIC_URL is the operator's to set —, a revoked grant) the job
 * fails with the provider's words, recorded in job_runs: the calendar then
 * simply polls, and get-push-status.ts shows why. Upkeep tries again hourly.
 */
import { randomUUID } from "node:crypto";
import { providerForConnection, type ConnectionProvider } from "../../calendars/provider-for-connection";
import { CalendarProviderError } from "../../calendars/provider-error";
import type { Db } from "../../db/client";
import type { ConnectedCalendar, PushChannel } from "../../db/generated/client";
import { PermanentJobError, type JobOutcome } from "../../jobs";
import { randomToken, sha256Hex } from "../../security/tokens";
import { providerJobError } from "./provider-job-error";
import { toProviderChannel } from "./provider-channel";
import { CHANNEL_TTL_SECONDS, RENEW_BEFORE_MS, supportsPush, webhookUrl, type PushProvider } from "./push-settings";
import { retireChannels } from "./retire-channels";

export interface WatchCalendarOptions {
  /** Renew now even if the channel is not expiring soon (Graph's reauthorizationRequired). */
  renew?: boolean;
  /** Lifetime to ask for; default CHANNEL_TTL_SECONDS (tests ask for short ones to exercise renewal). */
  ttlSeconds?: number;
  now?: number;
}

export type WatchAction = "created" | "renewed" | "replaced" | "kept" | "stopped" | "none";

export async function watchCalendar(db: Db, calendarId: string, options: WatchCalendarOptions = {}): Promise<JobOutcome & { result: { action: WatchAction } }> {
  const calendar = await db.connectedCalendar.findUnique({
    where: { id: calendarId },
    include: { connection: true, pushChannels: { where: { status: "active" }, orderBy: [{ expiresAt: "desc" }, { createdAt: "desc" }] } },
  });
  // Removed with its account or from the provider: its channels went with it (stopped by the disconnect hook, or by the unwatch jobs reconcile-calendars queued).
  if (!calendar) return { subjectId: calendarId, result: { action: "none" } };

  const { connection, pushChannels } = calendar;
  const provider = connection.provider;
  const wanted = calendar.selectedForConflicts && supportsPush(provider) && connection.status !== "needs_reconnect";
  if (!wanted || !supportsPush(provider)) {
    await retireChannels(db, pushChannels);
    return { subjectId: calendarId, result: { action: pushChannels.length > 0 ? "stopped" : "none" } };
  }

  // More than one active channel (two racing runs on different keys, a crash): keep the longest-lived.
  let current: PushChannel | undefined = pushChannels[0];
  await retireChannels(db, pushChannels.slice(1));
  const now = options.now ?? Date.now();
  if (current && !options.renew && current.expiresAt.getTime() - now > RENEW_BEFORE_MS) {
    return { subjectId: calendarId, result: { action: "kept" } };
  }

  const adapter = providerForConnection(db, connection);
  const ttlSeconds = options.ttlSeconds ?? CHANNEL_TTL_SECONDS[provider];
  try {
    if (current && provider === "microsoft" && current.externalId && adapter.renewWatch) {
      const renewed = await renewSubscription(db, adapter, calendar, current, ttlSeconds);
      if (renewed) return { subjectId: calendarId, result: { action: "renewed" } };
      current = undefined;
    }
    await createChannel(db, adapter, calendar, provider, ttlSeconds);
  } catch (error) {
    throw providerJobError(error);
  }
  // Only now that the new channel is live: no window without push.
  if (current) await retireChannels(db, [current]);
  return { subjectId: calendarId, result: { action: current ? "replaced" : "created" } };
}

/** PATCHes the subscription's expiry; false when Graph no longer has it (it is then marked stopped). */
async function renewSubscription(db: Db, adapter: ConnectionProvider, calendar: ConnectedCalendar, channel: PushChannel, ttlSeconds: number): Promise<boolean> {
  try {
    const renewed = await adapter.renewWatch!(toProviderChannel(channel, calendar.externalId), ttlSeconds);
    await db.pushChannel.update({ where: { id: channel.id }, data: { expiresAt: new Date(renewed.expiresAt) } });
    return true;
  } catch (error) {
    if (!(error instanceof CalendarProviderError && error.reason === "not_found")) throw error;
    // Expired or removed at Graph: nothing left to stop there.
    await db.pushChannel.updateMany({ where: { id: channel.id }, data: { status: "stopped" } });
    return false;
  }
}

async function createChannel(db: Db, adapter: ConnectionProvider, calendar: ConnectedCalendar, provider: PushProvider, ttlSeconds: number): Promise<void> {
  if (!adapter.watch) throw new PermanentJobError("This account's stored credentials cannot be read; reconnect it to get push notifications.");
  const id = randomUUID();
  // The provider echoes the secret with every notification; only its hash is kept.
  const secret = randomToken();
  await db.pushChannel.create({
    data: { id, calendarId: calendar.id, provider, secretHash: sha256Hex(secret), status: "active", expiresAt: new Date() },
  });
  try {
    const channel = await adapter.watch(calendar.externalId, { channelId: id, callbackUrl: webhookUrl(provider), secret, ttlSeconds });
    await db.pushChannel.update({
      where: { id },
      data: {
        // Graph: the subscription id notifications name; Google: the resource id its notifications carry.
        externalId: provider === "microsoft" ? channel.id : (channel.resourceId ?? null),
        expiresAt: new Date(channel.expiresAt),
      },
    });
  } catch (error) {
    await db.pushChannel.deleteMany({ where: { id } });
    throw error;
  }
}
