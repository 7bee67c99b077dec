import { requireUserId } from "@/lib/auth/request-user";
import { listCalendars } from "@/lib/calendars/list-calendars";
import { db } from "@/lib/db/client";
import { apiRoute } from "@/lib/http/api-route";

export const GET = apiRoute(async (request) => {
  const userId = await requireUserId(request);
  return listCalendars(db(), userId);
});
