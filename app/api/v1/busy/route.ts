import { requireUserId } from "@/lib/auth/request-user";
import { calendarWindowQuerySchema } from "@/lib/calendars/calendar-event-schema";
import { getBusyReport } from "@/lib/calendars/get-busy-report";
import { db } from "@/lib/db/client";
import { apiRoute, readQuery } from "@/lib/http/api-route";

/**
 * `?start=&end=` (ISO instants, or dates YYYY-MM-DD in the host's zone, end
 * inclusive; at most 62 days) → `{ busy: [{ start, end, sources }], calendars:
 * [{ id, name, provider, status, error?, lastSyncedAt? }] }`: the merged busy
 * blocks the availability engine subtracts, with the calendars (and "kairos"
 * bookings) that make each one busy. Read from the busy store: no provider
 * is called; status = ok | pending | error | needs_reconnect (sync state).
 */
export const GET = apiRoute(async (request) => {
  const userId = await requireUserId(request);
  return getBusyReport(db(), userId, readQuery(request, calendarWindowQuerySchema));
});
