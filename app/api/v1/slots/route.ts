import { getSlots } from "@/lib/availability/get-slots";
import { slotsQuerySchema } from "@/lib/availability/slots-query-schema";
import { db } from "@/lib/db/client";
import { apiRoute, json, readQuery } from "@/lib/http/api-route";

/**
 * Public: the bookable slots of an event type.
 * ?username=&eventSlug= (or ?eventTypeId=) &start=YYYY-MM-DD&end=YYYY-MM-DD&timeZone=IANA[&rescheduleUid=]
 */
export const GET = apiRoute(async (request) => {
  const q = readQuery(request, slotsQuerySchema);
  const result = await getSlots(db(), {
    ref: q.eventTypeId ? { eventTypeId: q.eventTypeId } : { username: q.username!, eventSlug: q.eventSlug! },
    startDate: q.start,
    endDate: q.end,
    timeZone: q.timeZone,
    rescheduleUid: q.rescheduleUid,
  });
  // Availability changes with every booking: never serve it from a cache.
  return json(result, 200, { "Cache-Control": "no-store" });
});
