import { requireUserId } from "@/lib/auth/request-user";
import { connectionPatchSchema } from "@/lib/calendars/calendar-schema";
import { disconnectAccount } from "@/lib/calendars/disconnect-account";
import { updateCaldavPassword } from "@/lib/calendars/update-caldav-password";
import { db } from "@/lib/db/client";
import { apiRoute, readJson, routeParam } from "@/lib/http/api-route";
// Stops the account's push channels at the provider before its credentials are deleted.
import "@/lib/sync/push/register-disconnect-hook";

type Context = { params: Promise<{ id: string }> };

/** A CalDAV account's new password (after it changed or was revoked): checked with the server, then stored. */
export const PATCH = apiRoute<Context>(async (request, context) => {
  const userId = await requireUserId(request);
  const id = await routeParam(context, "id");
  return updateCaldavPassword(db(), userId, id, await readJson(request, connectionPatchSchema));
});

export const DELETE = apiRoute<Context>(async (request, context) => {
  const userId = await requireUserId(request);
  await disconnectAccount(db(), userId, await routeParam(context, "id"));
  return new Response(null, { status: 204 });
});
