import { requireUserId } from "@/lib/auth/request-user";
import { refreshCalendarList } from "@/lib/calendars/refresh-calendar-list";
import { db } from "@/lib/db/client";
import { apiRoute, routeParam } from "@/lib/http/api-route";

type Context = { params: Promise<{ id: string }> };

/** Lists the account's calendars again: new ones appear (unticked), removed ones go, choices stay. */
export const POST = apiRoute<Context>(async (request, context) => {
  const userId = await requireUserId(request);
  return refreshCalendarList(db(), userId, await routeParam(context, "id"));
});
