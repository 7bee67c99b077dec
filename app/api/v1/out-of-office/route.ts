import { requireUserId } from "@/lib/auth/request-user";
import { db } from "@/lib/db/client";
import { apiRoute, json, readJson } from "@/lib/http/api-route";
import { createOutOfOffice, listOutOfOffice, outOfOfficeInputSchema } from "@/lib/out-of-office";

/**
 * The host's out-of-office ranges: `[{ id, start, end, note }]`, dates
 * YYYY-MM-DD inclusive. Host-level — every schedule of the host is closed on
 * those dates, each in its own zone — hence not part of /schedules.
 */
export const GET = apiRoute(async (request) => {
  const userId = await requireUserId(request);
  return listOutOfOffice(db(), userId);
});

/** `{ start, end, note? }` → 201 with the stored range. */
export const POST = apiRoute(async (request) => {
  const userId = await requireUserId(request);
  return json(await createOutOfOffice(db(), userId, await readJson(request, outOfOfficeInputSchema)), 201);
});
