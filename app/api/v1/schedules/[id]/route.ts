import { requireUserId } from "@/lib/auth/request-user";
import { db } from "@/lib/db/client";
import { apiRoute, readJson, routeParam } from "@/lib/http/api-route";
import { deleteSchedule } from "@/lib/schedules/delete-schedule";
import { getSchedule } from "@/lib/schedules/get-schedule";
import { schedulePatchSchema } from "@/lib/schedules/schedule-schema";
import { updateSchedule } from "@/lib/schedules/update-schedule";

type Context = { params: Promise<{ id: string }> };

export const GET = apiRoute<Context>(async (request, context) => {
  const userId = await requireUserId(request);
  return getSchedule(db(), userId, await routeParam(context, "id"));
});

export const PATCH = apiRoute<Context>(async (request, context) => {
  const userId = await requireUserId(request);
  const id = await routeParam(context, "id");
  return updateSchedule(db(), userId, id, await readJson(request, schedulePatchSchema));
});

export const DELETE = apiRoute<Context>(async (request, context) => {
  const userId = await requireUserId(request);
  await deleteSchedule(db(), userId, await routeParam(context, "id"));
  return new Response(null, { status: 204 });
});
