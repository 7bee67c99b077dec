/**
 * What the bookings API accepts. The schemas keep strings as strings (only
 * trimmed / lower-cased), so parsing an already-parsed value again is harmless:
 * routes validate the request body with them and the domain functions validate
 * their own input with the same schemas.
 */
import { z } from "zod";
import { requireOneEventRef } from "../event-types/event-ref-refinement";
import { isValidIsoDate, parseIsoInstant } from "../time";
import { emailSchema, timeZoneSchema } from "../users/user-schema";

/** An instant written ISO 8601 with an offset or Z: "2026-12-07T09:30:00-05:00". */
export const isoInstantSchema = z
  .string({ message: "Give the time as an ISO 8601 date-time with an offset, e.g. 2026-12-07T09:30:00-05:00." })
  .trim()
  .refine((value) => parseIsoInstant(value) !== null, {
    message: "Give the time as an ISO 8601 date-time with an offset, e.g. 2026-12-07T09:30:00-05:00.",
  });

/** A meeting length in whole minutes; whether it is offered is the event type's call (chooseDuration). */
export const durationMinutesSchema = z
  .number({ message: "Give the duration as a number of minutes." })
  .int("Give the duration as whole minutes.")
  .positive("Give the duration as whole minutes.");

/** A guest's manage token as it appears in their links. */
export const guestTokenSchema = z.string().min(1).max(200);

export const attendeeSchema = z.object({
  name: z.string({ message: "Enter your name." }).trim().min(1, "Enter your name.").max(100, "Use at most 100 characters for the name."),
  email: emailSchema,
  timeZone: timeZoneSchema,
});

const eventTypeRefFields = {
  eventTypeId: z.string().trim().min(1).max(100).optional(),
  username: z.string().trim().toLowerCase().min(1).max(100).optional(),
  eventSlug: z.string().trim().toLowerCase().min(1).max(100).optional(),
};

export const createBookingSchema = z
  .object({
    ...eventTypeRefFields,
    start: isoInstantSchema,
    /** One of the event type's durationOptions; absent = its default (checked once the event type is known). */
    durationMinutes: durationMinutesSchema.optional(),
    attendee: attendeeSchema,
    notes: z.string().trim().max(2000, "Keep the notes under 2000 characters.").nullish(),
    idempotencyKey: z
      .string()
      .min(8, "An idempotency key has 8 to 200 characters (a UUID works well).")
      .max(200, "An idempotency key has 8 to 200 characters (a UUID works well).")
      .optional(),
  })
  .superRefine(requireOneEventRef("Say which event to book: eventTypeId, or username and eventSlug."));
export type CreateBookingInput = z.input<typeof createBookingSchema>;

export const rescheduleBookingSchema = z.object({
  start: isoInstantSchema,
  /** One of the event type's durationOptions; absent = the booking's own length while it is still an option, else the default. */
  durationMinutes: durationMinutesSchema.optional(),
  token: guestTokenSchema.optional(),
});
export type RescheduleBookingInput = z.input<typeof rescheduleBookingSchema>;

export const cancelBookingSchema = z.object({
  reason: z.string().trim().max(500, "Keep the reason under 500 characters.").optional(),
  token: guestTokenSchema.optional(),
  /** Host only, group events: cancel every guest's seat of this booking's meeting. */
  allSeats: z.boolean({ message: "allSeats is true or false." }).optional(),
});
export type CancelBookingInput = z.input<typeof cancelBookingSchema>;

/** `?token=` on the read-only guest routes (GET one booking, .ics download). */
export const guestTokenQuerySchema = z.object({ token: guestTokenSchema.optional() });

export const BOOKING_LIST_STATUSES = ["upcoming", "past", "cancelled"] as const;
export type BookingListStatus = (typeof BOOKING_LIST_STATUSES)[number];

/** A list bound: an instant with offset, or a date YYYY-MM-DD read in the host's zone. */
const listBoundSchema = z
  .string()
  .trim()
  .refine((value) => isValidIsoDate(value) || parseIsoInstant(value) !== null, {
    message: "Use a date (YYYY-MM-DD) or an ISO 8601 date-time with an offset.",
  });

export const listBookingsQuerySchema = z.object({
  status: z
    .enum(BOOKING_LIST_STATUSES, { message: "status is one of upcoming, past, cancelled." })
    .default("upcoming"),
  from: listBoundSchema.optional(),
  to: listBoundSchema.optional(),
});
export type ListBookingsQuery = z.input<typeof listBookingsQuerySchema>;
