import { deleteApiKey } from "@/lib/auth/api-keys";
import { requireUserId } from "@/lib/auth/request-user";
import { db } from "@/lib/db/client";
import { apiRoute, routeParam } from "@/lib/http/api-route";

type Context = { params: Promise<{ id: string }> };

/** Revokes a key at once: the next request with it is 401. */
export const DELETE = apiRoute<Context>(async (request, context) => {
  const userId = await requireUserId(request);
  await deleteApiKey(db(), userId, await routeParam(context, "id"));
  return new Response(null, { status: 204 });
});
