import { requireUserId } from "@/lib/auth/request-user";
import { calendarSettingsSchema } from "@/lib/calendars/calendar-schema";
import { getCalendarSettings } from "@/lib/calendars/get-calendar-settings";
import { updateCalendarSettings } from "@/lib/calendars/update-calendar-settings";
import { db } from "@/lib/db/client";
import { apiRoute, readJson } from "@/lib/http/api-route";

/** `{ allDayEventsBlock }` — whether all-day events in ticked calendars block time. */
export const GET = apiRoute(async (request) => {
  const userId = await requireUserId(request);
  return getCalendarSettings(db(), userId);
});

export const PATCH = apiRoute(async (request) => {
  const userId = await requireUserId(request);
  return updateCalendarSettings(db(), userId, await readJson(request, calendarSettingsSchema));
});
