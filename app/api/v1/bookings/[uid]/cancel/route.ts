import { cancelBooking, cancelBookingSchema, toBookingDtoFromRow } from "@/lib/booking";
import { db } from "@/lib/db/client";
import { apiRoute, json, readJson, routeParam } from "@/lib/http/api-route";
import { NO_STORE, requestActor, type UidContext } from "../../_lib/request-actor";

/**
 * Cancel, by the host or by the guest with `token` in the body:
 * `{ reason?, token?, allSeats? }` — `allSeats` (host only) cancels every
 * guest of a group event's meeting.
 */
export const POST = apiRoute<UidContext>(async (request, context) => {
  const uid = await routeParam(context, "uid");
  const { reason, token, allSeats } = await readJson(request, cancelBookingSchema);
  const actor = await requestActor(request, token);
  const booking = await cancelBooking(db(), uid, actor, reason, { allSeats });
  return json(toBookingDtoFromRow(booking, token, actor.kind), 200, NO_STORE);
});
