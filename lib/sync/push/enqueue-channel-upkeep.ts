/**
 * Periodic push-channel upkeep (every 10 minutes on every instance; it only
 * queues keyed "calendar.watch" jobs, which merge):
 * - channels expiring within a day (RENEW_BEFORE_MS) → renew/replace;
 * - selected calendars on a push provider with no active channel (creation
 *   failed, Graph removed it, the tick's job was lost) → create;
 * - active channels of calendars no longer selected or whose account needs
 *   reconnecting → stop;
 * - stopped channels are forgotten after a week.
 * A calendar whose watch job failed within the hour (RETRY_AFTER_MS) is left
 * alone, so a provider that keeps refusing — e.g. a PUBLIC_URL it cannot
 * reach — is asked hourly, not every tick.
 */
import type { Db } from "../../db/client";
import type { PeriodicTask } from "../../jobs";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "../../time";
import { enqueueCalendarWatch } from "./enqueue-calendar-watch";
import { PUSH_PROVIDERS, RENEW_BEFORE_MS } from "./push-settings";

const RETRY_AFTER_MS = HOUR_MS;
const KEEP_STOPPED_MS = 7 * DAY_MS;

export async function enqueueChannelUpkeep(db: Db, now: number = Date.now()): Promise<{ enqueued: number }> {
  const expiring = await db.pushChannel.findMany({
    where: { status: "active", expiresAt: { lt: new Date(now + RENEW_BEFORE_MS) } },
    select: { calendarId: true },
  });
  const unwanted = await db.pushChannel.findMany({
    where: {
      status: "active",
      calendar: { OR: [{ selectedForConflicts: false }, { connection: { status: "needs_reconnect" } }] },
    },
    select: { calendarId: true },
  });
  const unwatched = await db.connectedCalendar.findMany({
    where: {
      selectedForConflicts: true,
      connection: { provider: { in: [...PUSH_PROVIDERS] }, status: { not: "needs_reconnect" } },
      pushChannels: { none: { status: "active" } },
    },
    select: { id: true },
  });
  const candidates = new Set([...expiring.map((c) => c.calendarId), ...unwanted.map((c) => c.calendarId), ...unwatched.map((c) => c.id)]);
  // Back off after a failure: also keeps a job that is waiting out its retry delay from being pulled forward by a merge.
  const failedRecently = await db.jobRun.findMany({
    where: { kind: "calendar.watch", outcome: { not: "succeeded" }, subjectId: { in: [...candidates] }, startedAt: { gt: new Date(now - RETRY_AFTER_MS) } },
    select: { subjectId: true },
  });
  for (const run of failedRecently) candidates.delete(run.subjectId!);

  for (const calendarId of candidates) await enqueueCalendarWatch(db, calendarId);

  await db.pushChannel.deleteMany({ where: { status: "stopped", updatedAt: { lt: new Date(now - KEEP_STOPPED_MS) } } });
  return { enqueued: candidates.size };
}

export const pushChannelUpkeep: PeriodicTask = {
  name: "push channel upkeep",
  intervalMs: 10 * MINUTE_MS,
  run: async (db) => {
    await enqueueChannelUpkeep(db);
  },
};
