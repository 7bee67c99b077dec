import { requireUserId } from "@/lib/auth/request-user";
import { calendarEventInputSchema, calendarWindowQuerySchema } from "@/lib/calendars/calendar-event-schema";
import { createCalendarEvent } from "@/lib/calendars/create-calendar-event";
import { listCalendarEvents } from "@/lib/calendars/list-calendar-events";
import { db } from "@/lib/db/client";
import { apiRoute, json, readJson, readQuery, routeParam } from "@/lib/http/api-route";

type Context = { params: Promise<{ id: string }> };

/** `?start=&end=` (as GET /api/v1/busy) → `{ events: [...] }`, one normalized shape across providers. */
export const GET = apiRoute<Context>(async (request, context) => {
  const userId = await requireUserId(request);
  const id = await routeParam(context, "id");
  return listCalendarEvents(db(), userId, id, readQuery(request, calendarWindowQuerySchema));
});

/** `{ title, description?, start, end, timeZone, location?, attendees?, conference?, idempotencyKey? }` → 201 with the event. */
export const POST = apiRoute<Context>(async (request, context) => {
  const userId = await requireUserId(request);
  const id = await routeParam(context, "id");
  return json(await createCalendarEvent(db(), userId, id, await readJson(request, calendarEventInputSchema)), 201);
});
