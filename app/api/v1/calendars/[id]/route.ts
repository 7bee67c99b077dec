import { requireUserId } from "@/lib/auth/request-user";
import { calendarPatchSchema } from "@/lib/calendars/calendar-schema";
import { updateCalendarSelection } from "@/lib/calendars/update-calendar-selection";
import { db } from "@/lib/db/client";
import { apiRoute, readJson, routeParam } from "@/lib/http/api-route";

type Context = { params: Promise<{ id: string }> };

/** `{ selectedForConflicts?, isDestination? }` */
export const PATCH = apiRoute<Context>(async (request, context) => {
  const userId = await requireUserId(request);
  const id = await routeParam(context, "id");
  return updateCalendarSelection(db(), userId, id, await readJson(request, calendarPatchSchema));
});
