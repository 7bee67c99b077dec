import { bookingIcsFilename, getBooking, guestTokenQuerySchema, renderBookingIcs } from "@/lib/booking";
import { db } from "@/lib/db/client";
import { apiRoute, readQuery, routeParam } from "@/lib/http/api-route";
import { NO_STORE, requestActor, type UidContext } from "../../_lib/request-actor";

/** The booking as a .ics download, for the host or the guest with `?token=`. */
export const GET = apiRoute<UidContext>(async (request, context) => {
  const uid = await routeParam(context, "uid");
  const { token } = readQuery(request, guestTokenQuerySchema);
  const booking = await getBooking(db(), uid, await requestActor(request, token));
  return new Response(renderBookingIcs(booking, { token }), {
    headers: {
      ...NO_STORE,
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="${bookingIcsFilename(booking)}"`,
    },
  });
});
