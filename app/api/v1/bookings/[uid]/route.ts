import { getBooking, guestTokenQuerySchema, toBookingDtoFromRow } from "@/lib/booking";
import { db } from "@/lib/db/client";
import { apiRoute, json, readQuery, routeParam } from "@/lib/http/api-route";
import { NO_STORE, requestActor, type UidContext } from "../_lib/request-actor";

/** One booking, for its host or for the guest with `?token=`. */
export const GET = apiRoute<UidContext>(async (request, context) => {
  const uid = await routeParam(context, "uid");
  const { token } = readQuery(request, guestTokenQuerySchema);
  const actor = await requestActor(request, token);
  const booking = await getBooking(db(), uid, actor);
  return json(toBookingDtoFromRow(booking, token, actor.kind), 200, NO_STORE);
});
