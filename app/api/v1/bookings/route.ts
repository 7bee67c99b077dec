import { requireUserId } from "@/lib/auth/request-user";
import { createBooking, createBookingSchema, listBookings, listBookingsQuerySchema, toBookingDtoFromRow } from "@/lib/booking";
import { db } from "@/lib/db/client";
import { apiRoute, json, readJson, readQuery } from "@/lib/http/api-route";
import { NO_STORE } from "./_lib/request-actor";

/**
 * The signed-in host's bookings, an array like the other list endpoints:
 * ?status=upcoming (default)|past|cancelled&from=&to= (see listBookings).
 */
export const GET = apiRoute(async (request) => {
  const userId = await requireUserId(request);
  const query = readQuery(request, listBookingsQuerySchema);
  const rows = await listBookings(db(), userId, query);
  return rows.map((row) => toBookingDtoFromRow(row));
});

/** Public: a guest books a slot. A repeated idempotency key answers with the first booking. */
export const POST = apiRoute(async (request) => {
  const input = await readJson(request, createBookingSchema);
  const result = await createBooking(db(), input);
  const dto = toBookingDtoFromRow(result.booking, result.guestToken ?? undefined, "guest");
  return json(dto, 201, result.replayed ? { ...NO_STORE, "Idempotent-Replayed": "true" } : NO_STORE);
});
