/**
 * Sync health of one connected account, for Settings → Calendars and
 * GET /api/v1/connections/{id}/sync: per calendar, whether it is ticked, how
 * it hears of changes (push active / expiring / polling — get-push-status.ts),
 * how fresh its rows in the busy store are (calendar-sync-health.ts: ok,
 * pending, error, needs_reconnect), the last error, failures in a row, the
 * next poll, the events stored and any sync job waiting or running; plus the
 * account's recent sync runs (job_runs), newest first.
 *
 * Another host's connection is "not found", like every connection route.
 * Read only: a handful of indexed queries, no provider call.
 */
import { calendarSyncHealth, type CalendarSyncHealth } from "../calendars/calendar-sync-health";
import type { ProviderKind } from "../calendars/provider";
import { config } from "../config";
import type { Db } from "../db/client";
import { notFound } from "../errors";
import { CALENDAR_SYNC_KEY_PREFIX } from "./enqueue-calendar-sync";
import { getPushStatus, type PushState } from "./push/get-push-status";

export interface CalendarSyncStatus {
  calendarId: string;
  name: string;
  isPrimary: boolean;
  /** Ticked for conflicts: only ticked calendars are synced. */
  selected: boolean;
  /** How far its stored events can be trusted; null when unticked (not synced). */
  health: CalendarSyncHealth | null;
  /** How it hears of changes; null when unticked. */
  push: PushState | null;
  pushExpiresAt: string | null;
  /** Why push could not be set up or renewed, when it could not (the calendar is polled meanwhile). */
  pushError: string | null;
  /** How often it is checked for changes while it has no live push channel (SYNC_POLL_INTERVAL_SECONDS); null when unticked. */
  pollIntervalSeconds: number | null;
  /** The last successful sync; null = never. */
  lastSyncedAt: string | null;
  lastAttemptAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  consecutiveFailures: number;
  nextPollAt: string | null;
  /** The end of the window the store holds (recurring series expanded up to it). */
  syncedUntil: string | null;
  /** Occurrences in the busy store (every stored one, blocking or not). */
  eventsStored: number;
  /** A sync job for it that is waiting ("queued", maybe not before `jobRunAt`) or running. */
  job: "queued" | "running" | null;
  jobRunAt: string | null;
}

export interface SyncRunDto {
  id: string;
  calendarId: string | null;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** succeeded | retrying | failed */
  outcome: string;
  error: string | null;
  /** What the run reported: outcome, reason, full, changed, removed, stored, durationMs. */
  result: Record<string, unknown> | null;
}

export interface ConnectionSyncStatus {
  connectionId: string;
  provider: ProviderKind;
  label: string;
  /** The account's own status (active / needs_reconnect / error). */
  status: "active" | "needs_reconnect" | "error";
  calendars: CalendarSyncStatus[];
  /** Recent "calendar.sync" runs of its calendars, newest first. */
  runs: SyncRunDto[];
}

export const DEFAULT_SYNC_RUNS = 20;
export const MAX_SYNC_RUNS = 100;

const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;

export async function getSyncStatus(
  db: Db,
  userId: string,
  connectionId: string,
  options: { runs?: number; now?: number; pollIntervalMs?: number } = {},
): Promise<ConnectionSyncStatus> {
  const pollIntervalSeconds = Math.round((options.pollIntervalMs ?? config().sync.pollIntervalMs) / 1000);
  const connection = await db.calendarConnection.findFirst({
    where: { id: connectionId, userId },
    select: {
      id: true,
      provider: true,
      label: true,
      status: true,
      lastError: true,
      lastErrorAt: true,
      calendars: {
        select: { id: true, name: true, isPrimary: true, selectedForConflicts: true, syncState: true },
        orderBy: [{ isPrimary: "desc" }, { name: "asc" }, { createdAt: "asc" }],
      },
    },
  });
  if (!connection) throw notFound("Calendar connection");
  const ids = connection.calendars.map((c) => c.id);
  const limit = Math.min(Math.max(1, options.runs ?? DEFAULT_SYNC_RUNS), MAX_SYNC_RUNS);

  const [push, counts, jobs, runs] = await Promise.all([
    getPushStatus(db, ids, options.now),
    db.externalEvent.groupBy({ by: ["calendarId"], where: { calendarId: { in: ids } }, _count: { _all: true } }),
    db.job.findMany({
      where: { key: { in: ids.map((id) => `${CALENDAR_SYNC_KEY_PREFIX}${id}`) }, state: { in: ["queued", "running"] } },
      select: { key: true, state: true, runAt: true },
    }),
    ids.length === 0
      ? Promise.resolve([])
      : db.jobRun.findMany({
          where: { kind: "calendar.sync", subjectId: { in: ids } },
          orderBy: [{ startedAt: "desc" }, { id: "asc" }],
          take: limit,
        }),
  ]);
  const stored = new Map(counts.map((c) => [c.calendarId, c._count._all]));
  const jobOf = new Map<string, { state: string; runAt: Date }>();
  for (const job of jobs) {
    const id = job.key!.slice(CALENDAR_SYNC_KEY_PREFIX.length);
    // A running job and a queued follow-up may coexist: say it is running.
    if (!jobOf.has(id) || job.state === "running") jobOf.set(id, job);
  }

  return {
    connectionId: connection.id,
    provider: connection.provider,
    label: connection.label,
    status: connection.status,
    calendars: connection.calendars.map((calendar): CalendarSyncStatus => {
      const state = calendar.syncState;
      const selected = calendar.selectedForConflicts;
      const pushStatus = push.get(calendar.id);
      const job = jobOf.get(calendar.id);
      return {
        calendarId: calendar.id,
        name: calendar.name,
        isPrimary: calendar.isPrimary,
        selected,
        health: selected ? calendarSyncHealth(connection, state).health : null,
        push: selected ? (pushStatus?.state ?? "polling") : null,
        pushExpiresAt: selected ? iso(pushStatus?.expiresAt) : null,
        pushError: selected ? (pushStatus?.error ?? null) : null,
        pollIntervalSeconds: selected ? pollIntervalSeconds : null,
        lastSyncedAt: iso(state?.lastSyncedAt),
        lastAttemptAt: iso(state?.lastAttemptAt),
        lastError: state?.lastError ?? null,
        lastErrorAt: iso(state?.lastErrorAt),
        consecutiveFailures: state?.consecutiveFailures ?? 0,
        nextPollAt: iso(state?.nextPollAt),
        syncedUntil: iso(state?.syncedTo),
        eventsStored: stored.get(calendar.id) ?? 0,
        job: job ? (job.state === "running" ? "running" : "queued") : null,
        jobRunAt: job ? job.runAt.toISOString() : null,
      };
    }),
    runs: runs.map((run) => ({
      id: run.id,
      calendarId: run.subjectId,
      startedAt: run.startedAt.toISOString(),
      finishedAt: run.finishedAt.toISOString(),
      durationMs: run.finishedAt.getTime() - run.startedAt.getTime(),
      outcome: run.outcome,
      error: run.error,
      result: (run.result as Record<string, unknown> | null) ?? null,
    })),
  };
}
