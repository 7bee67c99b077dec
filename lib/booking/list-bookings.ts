import type { DbClient } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { notFound, validationError } from "../errors";
import { addDays, isValidIsoDate, parseIsoInstant, startOfZonedDay } from "../time";
import { bookingRelations, type BookingWithRelations } from "./booking-dto";
import { listBookingsQuerySchema, type ListBookingsQuery } from "./booking-schema";

export const BOOKING_LIST_LIMIT = 200;

/**
 * A host's bookings, one status at a time:
 * - upcoming: confirmed and not yet over (end ≥ now), soonest first;
 * - past: confirmed and over, most recent first;
 * - cancelled: most recent start first.
 * `from`/`to` bound the start: from inclusive, to exclusive for an instant; a
 * plain date is a whole day in the host's zone, so `to=2026-12-31` includes
 * that day. At most BOOKING_LIST_LIMIT rows.
 */
export async function listBookings(
  db: DbClient,
  hostId: string,
  rawQuery: ListBookingsQuery = {},
  options: { now?: number } = {},
): Promise<BookingWithRelations[]> {
  const query = listBookingsQuerySchema.parse(rawQuery);
  const now = new Date(options.now ?? Date.now());
  const host = await db.user.findUnique({ where: { id: hostId }, select: { timeZone: true } });
  if (!host) throw notFound("User");

  const from = query.from ? boundToInstant(query.from, host.timeZone, "from") : undefined;
  const to = query.to ? boundToInstant(query.to, host.timeZone, "to") : undefined;
  if (from !== undefined && to !== undefined && from >= to) {
    throw validationError("`from` must be before `to`.", [{ path: "to", message: "Must be after `from`." }]);
  }
  const startAt: Prisma.DateTimeFilter = {};
  if (from !== undefined) startAt.gte = new Date(from);
  if (to !== undefined) startAt.lt = new Date(to);

  const where: Prisma.BookingWhereInput = { hostId, startAt };
  let orderBy: Prisma.BookingOrderByWithRelationInput;
  if (query.status === "upcoming") {
    Object.assign(where, { status: "confirmed", endAt: { gte: now } });
    orderBy = { startAt: "asc" };
  } else if (query.status === "past") {
    Object.assign(where, { status: "confirmed", endAt: { lt: now } });
    orderBy = { startAt: "desc" };
  } else {
    Object.assign(where, { status: "cancelled" });
    orderBy = { startAt: "desc" };
  }
  return db.booking.findMany({ where, orderBy: [orderBy, { id: "asc" }], take: BOOKING_LIST_LIMIT, include: bookingRelations });
}

function boundToInstant(value: string, timeZone: string, which: "from" | "to"): number {
  if (isValidIsoDate(value)) return startOfZonedDay(which === "to" ? addDays(value, 1) : value, timeZone);
  return parseIsoInstant(value)!;
}
