import { getCachedSlots } from "@/lib/availability/cached-get-slots";
import { slotsQuerySchema } from "@/lib/availability/slots-query-schema";
import { db } from "@/lib/db/client";
import { apiRoute, json, readQuery } from "@/lib/http/api-route";

/**
 * Public: the bookable slots of an event type.
 * ?username=&eventSlug= (or ?eventTypeId=) &start=YYYY-MM-DD&end=YYYY-MM-DD&timeZone=IANA[&rescheduleUid=][&duration=minutes]
 * → { timeZone, durationMinutes, slots }; a duration that is not one of the event type's options → 400 on `duration`.
 */
export const GET = apiRoute(async (request) => {
  const q = readQuery(request, slotsQuerySchema);
  const result = await getCachedSlots(db(), {
    ref: q.eventTypeId ? { eventTypeId: q.eventTypeId } : { username: q.username!, eventSlug: q.eventSlug! },
    startDate: q.start,
    endDate: q.end,
    timeZone: q.timeZone,
    rescheduleUid: q.rescheduleUid,
    durationMinutes: q.duration,
  });
  // Availability changes with every booking: no HTTP cache may keep it. The
  // server's own slot cache is invalidated by every booking (slot-cache.ts).
  return json(result, 200, { "Cache-Control": "no-store" });
});
