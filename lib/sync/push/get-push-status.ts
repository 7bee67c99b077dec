/**
 * Push health of calendars, for Settings → Calendars and the sync API:
 * - "active": a live channel that is not due for renewal;
 * - "expiring": a live channel within a day of its end (renewal is queued by
 *   the upkeep; staying here means renewal keeps failing — see `error`);
 * - "polling": no live channel (a provider without push, an unselected
 *   calendar, or creating one failed — `error` says why); the calendar is
 *   kept fresh by polling only.
 * `error` is the last "calendar.watch" attempt's failure when that attempt
 * did not succeed, e.g. Google/Graph refusing a webhook address they cannot
 * reach (PUBLIC_URL).
 */
import type { Db } from "../../db/client";
import { RENEW_BEFORE_MS } from "./push-settings";

export type PushState = "active" | "expiring" | "polling";

export interface PushStatus {
  state: PushState;
  expiresAt?: Date;
  lastNotificationAt?: Date;
  error?: string;
  errorAt?: Date;
}

export async function getPushStatus(db: Db, calendarIds: readonly string[], now: number = Date.now()): Promise<Map<string, PushStatus>> {
  const ids = [...calendarIds];
  const channels = await db.pushChannel.findMany({
    // expires_at > now: a channel the provider has not confirmed yet (or that lapsed) does not push.
    where: { calendarId: { in: ids }, status: "active", expiresAt: { gt: new Date(now) } },
    orderBy: { expiresAt: "desc" },
  });
  const runs = await db.jobRun.findMany({
    where: { kind: "calendar.watch", subjectId: { in: ids } },
    orderBy: { startedAt: "desc" },
    distinct: ["subjectId"],
    select: { subjectId: true, outcome: true, error: true, finishedAt: true },
  });
  const lastRun = new Map(runs.map((r) => [r.subjectId!, r]));

  const statuses = new Map<string, PushStatus>();
  for (const calendarId of ids) {
    const channel = channels.find((c) => c.calendarId === calendarId);
    const run = lastRun.get(calendarId);
    const status: PushStatus = channel
      ? {
          state: channel.expiresAt.getTime() - now > RENEW_BEFORE_MS ? "active" : "expiring",
          expiresAt: channel.expiresAt,
          ...(channel.lastNotificationAt ? { lastNotificationAt: channel.lastNotificationAt } : {}),
        }
      : { state: "polling" };
    if (run && run.outcome !== "succeeded" && run.error) {
      status.error = run.error;
      status.errorAt = run.finishedAt;
    }
    statuses.set(calendarId, status);
  }
  return statuses;
}
