import { requireUserId } from "@/lib/auth/request-user";
import { db } from "@/lib/db/client";
import { apiRoute, routeParam } from "@/lib/http/api-route";
import { deleteOutOfOffice } from "@/lib/out-of-office";

type Context = { params: Promise<{ id: string }> };

/** Removes one range (another user's → 404): its dates are bookable again. */
export const DELETE = apiRoute<Context>(async (request, context) => {
  const userId = await requireUserId(request);
  await deleteOutOfOffice(db(), userId, await routeParam(context, "id"));
  return new Response(null, { status: 204 });
});
