import { requireUserId } from "@/lib/auth/request-user";
import { db } from "@/lib/db/client";
import { createEventType } from "@/lib/event-types/create-event-type";
import { eventTypeInputSchema } from "@/lib/event-types/event-type-schema";
import { listEventTypes } from "@/lib/event-types/list-event-types";
import { apiRoute, json, readJson } from "@/lib/http/api-route";

export const GET = apiRoute(async (request) => {
  const userId = await requireUserId(request);
  return listEventTypes(db(), userId);
});

export const POST = apiRoute(async (request) => {
  const userId = await requireUserId(request);
  return json(await createEventType(db(), userId, await readJson(request, eventTypeInputSchema)), 201);
});
