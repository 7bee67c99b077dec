import { requireUserId } from "@/lib/auth/request-user";
import { db } from "@/lib/db/client";
import { deleteEventType } from "@/lib/event-types/delete-event-type";
import { eventTypePatchSchema } from "@/lib/event-types/event-type-schema";
import { getEventType } from "@/lib/event-types/get-event-type";
import { updateEventType } from "@/lib/event-types/update-event-type";
import { apiRoute, readJson, routeParam } from "@/lib/http/api-route";

type Context = { params: Promise<{ id: string }> };

export const GET = apiRoute<Context>(async (request, context) => {
  const userId = await requireUserId(request);
  return getEventType(db(), userId, await routeParam(context, "id"));
});

export const PATCH = apiRoute<Context>(async (request, context) => {
  const userId = await requireUserId(request);
  const id = await routeParam(context, "id");
  return updateEventType(db(), userId, id, await readJson(request, eventTypePatchSchema));
});

export const DELETE = apiRoute<Context>(async (request, context) => {
  const userId = await requireUserId(request);
  await deleteEventType(db(), userId, await routeParam(context, "id"));
  return new Response(null, { status: 204 });
});
