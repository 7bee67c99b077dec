import { requireUserId } from "@/lib/auth/request-user";
import { calendarEventReplaceSchema } from "@/lib/calendars/calendar-event-schema";
import { deleteCalendarEvent } from "@/lib/calendars/delete-calendar-event";
import { updateCalendarEvent } from "@/lib/calendars/update-calendar-event";
import { db } from "@/lib/db/client";
import { apiRoute, readJson, routeParam } from "@/lib/http/api-route";

type Context = { params: Promise<{ id: string; eventId: string }> };

/**
 * The event's new state as a whole: title, start, end and timeZone required;
 * description, location and attendees left out are cleared (see
 * calendarEventReplaceSchema for why). A meeting link the event has stays.
 */
export const PATCH = apiRoute<Context>(async (request, context) => {
  const userId = await requireUserId(request);
  const [id, eventId] = await Promise.all([routeParam(context, "id"), routeParam(context, "eventId")]);
  return updateCalendarEvent(db(), userId, id, eventId, await readJson(request, calendarEventReplaceSchema));
});

/** 204, also when the event was already gone. */
export const DELETE = apiRoute<Context>(async (request, context) => {
  const userId = await requireUserId(request);
  const [id, eventId] = await Promise.all([routeParam(context, "id"), routeParam(context, "eventId")]);
  await deleteCalendarEvent(db(), userId, id, eventId);
  return new Response(null, { status: 204 });
});
