import { rescheduleBooking, rescheduleBookingSchema, toBookingDtoFromRow } from "@/lib/booking";
import { db } from "@/lib/db/client";
import { apiRoute, json, readJson, routeParam } from "@/lib/http/api-route";
import { NO_STORE, requestActor, type UidContext } from "../../_lib/request-actor";

/**
 * Move to a new start, by the host or by the guest with `token` in the body:
 * `{ start, durationMinutes?, token? }` (durationMinutes: one of the event type's options).
 */
export const POST = apiRoute<UidContext>(async (request, context) => {
  const uid = await routeParam(context, "uid");
  const { start, durationMinutes, token } = await readJson(request, rescheduleBookingSchema);
  const actor = await requestActor(request, token);
  const booking = await rescheduleBooking(db(), uid, actor, start, { durationMinutes });
  return json(toBookingDtoFromRow(booking, token, actor.kind), 200, NO_STORE);
});
