import { requireUserId } from "@/lib/auth/request-user";
import { db } from "@/lib/db/client";
import { apiRoute, json, readQuery, routeParam } from "@/lib/http/api-route";
import { getSyncStatus } from "@/lib/sync/get-sync-status";
import { requestSync } from "@/lib/sync/request-sync";
import { syncStatusQuerySchema } from "@/lib/sync/sync-status-query-schema";

type Context = { params: Promise<{ id: string }> };

/**
 * `?runs=N` → `{ connectionId, provider, label, status, calendars: [{ calendarId, name, selected, health, push,
 * lastSyncedAt, lastError, lastErrorAt, consecutiveFailures, nextPollAt, eventsStored, job, … }], runs: [{ startedAt,
 * durationMs, outcome, error, result }] }`: the account's sync health and its recent sync runs, newest first.
 */
export const GET = apiRoute<Context>(async (request, context) => {
  const userId = await requireUserId(request);
  const { runs } = readQuery(request, syncStatusQuerySchema);
  return json(await getSyncStatus(db(), userId, await routeParam(context, "id"), { runs }), 200, { "Cache-Control": "no-store" });
});

/** "Sync now": queues a sync of every ticked calendar of the account and answers 202 with the status (the sync runs after). */
export const POST = apiRoute<Context>(async (request, context) => {
  const userId = await requireUserId(request);
  return json(await requestSync(db(), userId, await routeParam(context, "id")), 202, { "Cache-Control": "no-store" });
});
