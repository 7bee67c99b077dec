import { requireUserId } from "@/lib/auth/request-user";
import { retryWriteBack, toBookingDtoFromRow } from "@/lib/booking";
import { db } from "@/lib/db/client";
import { apiRoute, json, routeParam } from "@/lib/http/api-route";
import { NO_STORE, type UidContext } from "../../_lib/request-actor";

/** Host only: write a failed booking to the calendar again ("Retry calendar write"); answers the booking with its new state. */
export const POST = apiRoute<UidContext>(async (request, context) => {
  const userId = await requireUserId(request);
  const booking = await retryWriteBack(db(), await routeParam(context, "uid"), userId);
  return json(toBookingDtoFromRow(booking, undefined, "host"), 200, NO_STORE);
});
