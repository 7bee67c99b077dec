/**
 * Inputs of the busy-time and unified calendar-events API (zod): the time
 * window of GET /api/v1/busy and GET /api/v1/calendars/{id}/events, and the
 * event body of POST / PATCH /api/v1/calendars/{id}/events[/{eventId}].
 */
import { z } from "zod";
import { isValidIsoDate, parseIsoInstant } from "../time";
import { emailSchema, timeZoneSchema } from "../users/user-schema";

export const CONFERENCE_KINDS = ["google_meet", "microsoft_teams"] as const;

/** A window bound: an ISO 8601 instant with offset, or a date YYYY-MM-DD read in the host's zone. */
const windowBound = (name: string) =>
  z
    .string({ message: `Send \`${name}\`: a date (YYYY-MM-DD) or an ISO 8601 date-time with an offset.` })
    .trim()
    .refine((value) => isValidIsoDate(value) || parseIsoInstant(value) !== null, {
      message: "Use a date (YYYY-MM-DD) or an ISO 8601 date-time with an offset.",
    });

/** `?start=&end=`; a date `end` includes that whole day (see resolveCalendarWindow). */
export const calendarWindowQuerySchema = z.object({ start: windowBound("start"), end: windowBound("end") });
export type CalendarWindowQuery = z.input<typeof calendarWindowQuerySchema>;

const instant = z
  .string({ message: "Use an ISO 8601 date-time with an offset, e.g. 2026-05-04T10:00:00+02:00." })
  .trim()
  .refine((value) => parseIsoInstant(value) !== null, { message: "Use an ISO 8601 date-time with an offset, e.g. 2026-05-04T10:00:00+02:00." })
  .transform((value) => parseIsoInstant(value)!);

const eventFields = {
  title: z.string({ message: "Enter a title." }).trim().min(1, "Enter a title.").max(1024, "The title is too long."),
  /** Omitted = none (on PATCH: cleared). */
  description: z.string({ message: "description is text." }).max(8192, "The description is too long.").optional(),
  start: instant,
  end: instant,
  /** The zone the event is written in: it reads in this zone's wall time in the calendar. */
  timeZone: timeZoneSchema,
  /** Omitted = none (on PATCH: cleared). */
  location: z.string({ message: "location is text." }).trim().max(1024, "The location is too long.").optional(),
  /** Omitted = nobody (on PATCH: the attendee list is replaced). Providers may e-mail them. */
  attendees: z
    .array(
      z
        .object({
          email: emailSchema,
          name: z.string({ message: "name is text." }).trim().max(200, "The name is too long.").optional(),
        })
        .strict(),
      { message: "attendees is a list of { email, name? }." },
    )
    .max(100, "At most 100 attendees.")
    .optional(),
  /** A meeting link made by the provider: google_meet on Google calendars, microsoft_teams on Microsoft ones. */
  conference: z.enum(CONFERENCE_KINDS, { message: 'conference is "google_meet" or "microsoft_teams".' }).optional(),
};

const endAfterStart = (v: { start: number; end: number }) => v.end > v.start;
const endAfterStartIssue = { message: "The event must end after it starts.", path: ["end"] };

/** POST /api/v1/calendars/{id}/events. */
export const calendarEventInputSchema = z
  .object({
    ...eventFields,
    /** The same key again never makes a second event (scoped to the calendar). */
    idempotencyKey: z.string({ message: "idempotencyKey is text." }).trim().min(1, "idempotencyKey is empty.").max(255, "idempotencyKey is too long.").optional(),
  })
  .strict()
  .refine(endAfterStart, endAfterStartIssue);
/** Validated (instants as epoch ms). */
export type CalendarEventInput = z.output<typeof calendarEventInputSchema>;

/**
 * PATCH /api/v1/calendars/{id}/events/{eventId}: the event's new state, as a
 * whole. The provider interface writes complete events (and has no read of
 * one event by id), so a partial body would make each provider keep or clear
 * the missing fields in its own way; instead title, start, end and timeZone
 * are required and description, location and attendees left out are cleared —
 * the same on every provider. An existing meeting link stays; `conference`
 * asks for one (on Google an event's link is then replaced by one made for
 * this event id: send it only to add a link to an event without one).
 */
export const calendarEventReplaceSchema = z.object(eventFields).strict().refine(endAfterStart, endAfterStartIssue);
/** Validated (instants as epoch ms). */
export type CalendarEventReplace = z.output<typeof calendarEventReplaceSchema>;

/** Provider event ids in a path: opaque, bounded. */
export const eventIdSchema = z.string().min(1, "The event id is missing.").max(1024, "The event id is too long.");
