import { requireUserId } from "@/lib/auth/request-user";
import { db } from "@/lib/db/client";
import { apiRoute, json, readJson } from "@/lib/http/api-route";
import { createSchedule } from "@/lib/schedules/create-schedule";
import { listSchedules } from "@/lib/schedules/list-schedules";
import { scheduleInputSchema } from "@/lib/schedules/schedule-schema";

export const GET = apiRoute(async (request) => {
  const userId = await requireUserId(request);
  return listSchedules(db(), userId);
});

export const POST = apiRoute(async (request) => {
  const userId = await requireUserId(request);
  return json(await createSchedule(db(), userId, await readJson(request, scheduleInputSchema)), 201);
});
