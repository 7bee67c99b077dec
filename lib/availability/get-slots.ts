import type { DbClient } from "../db/client";
import { validationError } from "../errors";
import { chooseDuration } from "../event-types/duration-options";
import { addDays, daysBetween, isValidIsoDate, isValidTimeZone, startOfZonedDay } from "../time";
import { computeSlots } from "./compute-slots";
import { groupSlotsByDay, type SlotsByDay } from "./group-slots-by-day";
import { loadSlotContext, type SlotContext, type SlotContextRef } from "./load-slot-context";

/** Longest span one request may ask for, in days (a two-month calendar view fits). */
export const MAX_SLOT_RANGE_DAYS = 62;

export interface GetSlotsInput {
  ref: SlotContextRef;
  /** First day to show, YYYY-MM-DD in `timeZone`. */
  startDate: string;
  /** Last day to show (inclusive), YYYY-MM-DD in `timeZone`. */
  endDate: string;
  /** The guest's IANA zone: days are its days, times carry its offsets. */
  timeZone: string;
  /** A booking being rescheduled: its current time does not block. */
  rescheduleUid?: string;
  /** One of the event type's duration options; absent = its default. Not an option → 400 on `duration`. */
  durationMinutes?: number;
  now?: number;
}

export interface SlotsResponse {
  timeZone: string;
  /** The meeting length these slots are for (the one asked for, or the default). */
  durationMinutes: number;
  /** "YYYY-MM-DD" → slots starting that day; days without slots are absent. */
  slots: SlotsByDay;
  /**
   * Days (sorted) that had bookable hours but where every time is taken —
   * by bookings, busy calendar time or a booking limit — so a guest sees
   * "Fully booked" rather than "No times on this day". Days the host does not
   * work, and days outside the window or notice, are not in it.
   */
  fullyBooked: string[];
  /**
   * True while one of the host's ticked calendars has never synced: Kairos
   * does not know their time yet, so nothing is offered (fail closed; see
   * load-slot-context.ts). The booking page says so instead of "fully booked".
   * Always set by getSlots; optional in the type because a shared slot cache
   * may still hold answers written before the field existed.
   */
  calendarSyncPending?: boolean;
}

/** The bookable slots of one event type for a range of the guest's days. */
export async function getSlots(db: DbClient, input: GetSlotsInput): Promise<SlotsResponse> {
  return (await getSlotsWithContext(db, input)).response;
}

/** getSlots plus what the answer was computed from: the slot cache (cached-get-slots.ts) keeps that beside it. */
export async function getSlotsWithContext(
  db: DbClient,
  input: GetSlotsInput,
): Promise<{ response: SlotsResponse; context: SlotContext; now: number }> {
  const { startDate, endDate, timeZone } = input;
  if (!isValidIsoDate(startDate)) throw validationError("The start date is not valid.", [{ path: "start", message: "Use a real date as YYYY-MM-DD." }]);
  if (!isValidIsoDate(endDate)) throw validationError("The end date is not valid.", [{ path: "end", message: "Use a real date as YYYY-MM-DD." }]);
  if (!isValidTimeZone(timeZone)) {
    throw validationError("The time zone is not valid.", [{ path: "timeZone", message: "Not a known IANA time zone (e.g. Europe/Berlin)." }]);
  }
  const span = daysBetween(startDate, endDate) + 1;
  if (span < 1) {
    throw validationError("The end date is before the start date.", [{ path: "end", message: "Use a date on or after the start date." }]);
  }
  if (span > MAX_SLOT_RANGE_DAYS) {
    throw validationError(`Ask for at most ${MAX_SLOT_RANGE_DAYS} days at a time.`, [
      { path: "end", message: `The range spans ${span} days; the limit is ${MAX_SLOT_RANGE_DAYS}.` },
    ]);
  }

  const range = { start: startOfZonedDay(startDate, timeZone), end: startOfZonedDay(addDays(endDate, 1), timeZone) };
  const context = await loadSlotContext(db, input.ref, range, { excludeBookingUid: input.rescheduleUid });
  const now = input.now ?? Date.now();
  const durationMinutes = chooseDuration(context.eventType, input.durationMinutes, "duration");
  const policy = { ...context.query.policy, durationMinutes };
  const slots = groupSlotsByDay(computeSlots({ ...context.query, policy, range, now }), timeZone);
  const fullyBooked = fullyBookedDays(context, policy, range, now, timeZone, slots);
  return { response: { timeZone, durationMinutes, slots, fullyBooked, calendarSyncPending: context.calendarSyncPending }, context, now };
}

/**
 * The days on which the host's hours would offer times if nothing were
 * booked: the same engine run with no busy time, no limits and no seated
 * meetings. A day that
 * has such times but no real slot is fully booked. Time whose busyness is
 * unknown (a calendar not synced yet) stays closed in that run too: such a
 * day is not "fully booked", Kairos just cannot offer it. One more pass of
 * the engine (about a millisecond for a month).
 */
function fullyBookedDays(
  context: SlotContext,
  policy: SlotContext["query"]["policy"],
  range: { start: number; end: number },
  now: number,
  timeZone: string,
  slots: SlotsByDay,
): string[] {
  const open = computeSlots({
    ...context.query,
    policy: { ...policy, limits: undefined },
    busy: context.unknownBusy,
    eventTypeBookings: [],
    seats: undefined,
    range,
    now,
  });
  const days = new Set<string>();
  for (const day of Object.keys(groupSlotsByDay(open, timeZone))) if (!slots[day]) days.add(day);
  return [...days].sort();
}
