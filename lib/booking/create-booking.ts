import { isSlotOffered } from "../availability/is-slot-offered";
import { loadSlotContext, type SlotContextRef } from "../availability/load-slot-context";
import { invalidateHost } from "../availability/slot-cache";
import type { Db } from "../db/client";
import { chooseDuration } from "../event-types/duration-options";
import type { Prisma } from "../db/generated/client";
import { isExclusionViolation, isUniqueViolation } from "../db/errors";
import { AppError } from "../errors";
import { randomToken, sha256Hex } from "../security/tokens";
import { MINUTE_MS, parseIsoInstant } from "../time";
import { bookingRelations, type BookingWithRelations } from "./booking-dto";
import { createBookingSchema, type CreateBookingInput } from "./booking-schema";
import { tokenMatches } from "./get-booking";
import { issueGuestToken } from "./issue-guest-token";
import { enqueueWriteBack, writeBackNeeded } from "./queue-write-back";
import { placeSeat } from "./place-seat";
import { lockHostBookings, runBookingTransaction, slotLookupWindow, slotUnavailable, startInPast } from "./slot-rules";
import { writeBackNow } from "./write-back-now";

export interface CreateBookingResult {
  booking: BookingWithRelations;
  /**
   * The guest's manage token, to hand out once in the response. null only for
   * a replay whose token can no longer be rebuilt (see issue-guest-token.ts).
   */
  guestToken: string | null;
  /** True when an earlier request with the same idempotency key made this booking. */
  replayed: boolean;
}

/**
 * Books a slot for a guest. Everything happens in one transaction, so a
 * rejected request writes nothing:
 * 1. take the host's booking lock (lockHostBookings: concurrent bookings of one
 *    host queue instead of deadlocking in the constraint), then load the event
 *    type, host rules, busy times around the start and the bookings its limits
 *    count; a `durationMinutes` that is not one of the event type's options is
 *    400 validation_error (absent = the default);
 * 2. with an idempotency key already used for this event type, answer with
 *    that booking (same start, length and attendee) or 409 conflict;
 * 3. reject a start in the past or one the availability engine does not offer
 *    for that length (off the grid, busy, inside the notice, outside the
 *    window, or a day/week/month at its limit) — all 409 slot_unavailable (a
 *    past time is a time that is not available; malformed input is validation_error);
 * 4. insert. A seated event type's booking is a seat: it joins the meeting
 *    at that time while it has a seat left, else starts a new one
 *    (place-seat.ts). The EXCLUDE constraint on blocked ranges stays the last
 *    word on double booking (only seats of one meeting may overlap): should an
 *    overlapping row get this far anyway, the insert raises 23P01 and the
 *    answer is slot_unavailable. When the host has a
 *    destination calendar (or the location is Meet / Teams), the write-back
 *    job is enqueued in the same transaction (queue-write-back.ts);
 * 5. after the commit, write the calendar event once inline (bounded; the job
 *    retries), so the answer normally carries the meeting link already.
 *    `inlineWriteBack: false` leaves it all to the job worker.
 */
export async function createBooking(
  db: Db,
  rawInput: CreateBookingInput,
  options: { now?: number; inlineWriteBack?: boolean } = {},
): Promise<CreateBookingResult> {
  const inline = options.inlineWriteBack ?? true;
  const input = createBookingSchema.parse(rawInput);
  const start = parseIsoInstant(input.start)!;
  const now = options.now ?? Date.now();
  const ref: SlotContextRef = input.eventTypeId
    ? { eventTypeId: input.eventTypeId }
    : { username: input.username!, eventSlug: input.eventSlug! };
  const idempotencyKey = input.idempotencyKey ?? null;
  const email = input.attendee.email;
  let eventTypeId: string | undefined;

  try {
    const result = await runBookingTransaction(db, async (tx) => {
      // First the host's booking lock: from here on no other booking write for
      // this host runs concurrently, so what the checks below read stays true
      // until this transaction ends (the constraint remains the backstop).
      const hostId = await findHostId(tx, ref);
      if (hostId) await lockHostBookings(tx, hostId);
      const context = await loadSlotContext(tx, ref, slotLookupWindow(start));
      const { eventType, host } = context;
      eventTypeId = eventType.id;
      // The same choice the slots API makes: a length that is not offered is a 400.
      const durationMinutes = chooseDuration(eventType, input.durationMinutes, "durationMinutes");

      if (idempotencyKey) {
        const existing = await tx.booking.findUnique({
          where: { eventTypeId_idempotencyKey: { eventTypeId: eventType.id, idempotencyKey } },
          include: bookingRelations,
        });
        if (existing) return replay(existing, idempotencyKey, start, email, durationMinutes);
      }

      if (start <= now) throw startInPast();
      // The engine that offered the slot decides, with the chosen length:
      // grid, hours, buffers, notice, window and limits all re-checked here.
      const policy = { ...context.query.policy, durationMinutes };
      if (!isSlotOffered({ ...context.query, policy, now }, start)) throw slotUnavailable();

      const uid = randomToken(16);
      const guestToken = issueGuestToken(uid, idempotencyKey);
      const end = start + durationMinutes * MINUTE_MS;
      let blocked = { start: start - eventType.bufferBeforeMinutes * MINUTE_MS, end: end + eventType.bufferAfterMinutes * MINUTE_MS };
      // A seated event type: join the meeting at this time, or start one (place-seat.ts).
      const seat = context.query.seats ? await placeSeat(tx, context.query.seats, start, end, blocked) : null;
      if (seat) blocked = seat.blocked;
      const writeBack = await writeBackNeeded(tx, {
        hostId: host.id,
        eventTypeId: eventType.id,
        status: "confirmed",
        locationType: eventType.locationType,
        calendarEventId: seat?.calendarEvent.calendarEventId ?? null,
        writeBackStatus: "none",
      });
      const booking = await tx.booking.create({
        data: {
          uid,
          hostId: host.id,
          eventTypeId: eventType.id,
          title: `${eventType.title} between ${host.name} and ${input.attendee.name}`,
          startAt: new Date(start),
          endAt: new Date(end),
          blockedStartAt: new Date(blocked.start),
          blockedEndAt: new Date(blocked.end),
          status: "confirmed",
          attendeeName: input.attendee.name,
          attendeeEmail: email,
          attendeeTimeZone: input.attendee.timeZone,
          notes: input.notes ? input.notes : null,
          // A snapshot: editing the event type later does not move this meeting.
          locationType: eventType.locationType,
          locationValue: eventType.locationValue,
          guestTokenHash: sha256Hex(guestToken),
          idempotencyKey,
          writeBackStatus: writeBack ? "pending" : "none",
          writeBackUpdatedAt: writeBack ? new Date(now) : null,
          // A seat shares its meeting's calendar event (and link) from the start.
          ...(seat ? { seatGroupId: seat.seatGroupId, ...seat.calendarEvent } : {}),
        },
        include: bookingRelations,
      });
      if (writeBack) await enqueueWriteBack(tx, booking, { afterInline: inline });
      return { booking, guestToken, replayed: false };
    });
    if (result.replayed) return result;
    // After the commit: the host's cached slots no longer hold (slot-cache.ts).
    await invalidateHost(result.booking.hostId);
    if (inline && result.booking.writeBackStatus === "pending") {
      await writeBackNow(db, result.booking.id);
      result.booking = await db.booking.findUniqueOrThrow({ where: { id: result.booking.id }, include: bookingRelations });
    }
    return result;
  } catch (error) {
    // Two requests with one idempotency key raced: the loser's insert fails on
    // the unique index (or on the overlap, whichever PostgreSQL checks first).
    // The winner has committed by now, so answer with its booking.
    if (idempotencyKey && eventTypeId && (isUniqueViolation(error) || isExclusionViolation(error))) {
      const existing = await db.booking.findUnique({
        where: { eventTypeId_idempotencyKey: { eventTypeId, idempotencyKey } },
        include: bookingRelations,
      });
      if (existing) return replay(existing, idempotencyKey, start, email, input.durationMinutes);
    }
    if (isExclusionViolation(error)) throw slotUnavailable();
    throw error;
  }
}

/** The host behind an event type reference; undefined when unknown (loadSlotContext then answers 404). */
async function findHostId(tx: Prisma.TransactionClient, ref: SlotContextRef): Promise<string | undefined> {
  if ("eventTypeId" in ref) {
    return (await tx.eventType.findUnique({ where: { id: ref.eventTypeId }, select: { userId: true } }))?.userId;
  }
  return (await tx.user.findUnique({ where: { username: ref.username }, select: { id: true } }))?.id;
}

/**
 * The answer to a repeated request. The key names one booking: a request with
 * another start, length or attendee is a different booking, not a retry.
 * (`durationMinutes` undefined: not known here, so not compared.)
 */
function replay(
  existing: BookingWithRelations,
  idempotencyKey: string,
  start: number,
  email: string,
  durationMinutes: number | undefined,
): CreateBookingResult {
  const sameLength = durationMinutes === undefined || existing.endAt.getTime() - existing.startAt.getTime() === durationMinutes * MINUTE_MS;
  if (existing.startAt.getTime() !== start || existing.attendeeEmail !== email || !sameLength) {
    throw new AppError("conflict", "This idempotency key was already used for a different booking.", [
      { path: "idempotencyKey", message: "Already used for a different booking; use a new key for a new booking." },
    ]);
  }
  const token = issueGuestToken(existing.uid, idempotencyKey);
  return { booking: existing, guestToken: tokenMatches(token, existing.guestTokenHash) ? token : null, replayed: true };
}
