import { requireUserId } from "@/lib/auth/request-user";
import { connectionInputSchema } from "@/lib/calendars/calendar-schema";
import { connectCaldavAccount } from "@/lib/calendars/connect-caldav-account";
import { connectIcsFeed } from "@/lib/calendars/connect-ics-feed";
import { listConnections } from "@/lib/calendars/list-connections";
import { db } from "@/lib/db/client";
import { apiRoute, json, readJson } from "@/lib/http/api-route";

/** The host's connected accounts with their calendars — never a token, password or feed URL. */
export const GET = apiRoute(async (request) => {
  const userId = await requireUserId(request);
  return listConnections(db(), userId);
});

/** Connects a CalDAV account or subscribes to an ICS feed (Google/Microsoft: /api/integrations/{provider}/connect). */
export const POST = apiRoute(async (request) => {
  const userId = await requireUserId(request);
  const input = await readJson(request, connectionInputSchema);
  const connection = input.provider === "caldav" ? await connectCaldavAccount(db(), userId, input) : await connectIcsFeed(db(), userId, input);
  return json(connection, 201);
});
