import type { DbClient } from "../db/client";
import { notFound } from "../errors";
import { tokenMatches } from "../security/tokens";
import { bookingRelations, type BookingWithRelations } from "./booking-dto";

/**
 * Who is acting on a booking: its host (signed in or by API key), or the guest
 * holding the manage token from their links.
 */
export type BookingActor = { kind: "host"; userId: string } | { kind: "guest"; token: string };

/**
 * One booking, for its host or for the guest with the right token. Every other
 * case — unknown uid, wrong or missing token, another host's booking — is the
 * same 404, so a uid alone reveals nothing, not even that it exists.
 */
export async function getBooking(db: DbClient, uid: string, actor: BookingActor): Promise<BookingWithRelations> {
  const booking = await db.booking.findUnique({ where: { uid }, include: bookingRelations });
  if (!booking || !actorMayAccess(booking, actor)) throw notFound("Booking");
  return booking;
}

function actorMayAccess(booking: { hostId: string; guestTokenHash: string }, actor: BookingActor): boolean {
  if (actor.kind === "host") return booking.hostId === actor.userId;
  return tokenMatches(actor.token, booking.guestTokenHash);
}

/** (Kept here for the booking code that already imports it from this module.) */
export { tokenMatches };
