/**
 * The query of GET /api/v1/slots: which event type (eventTypeId, or username +
 * eventSlug as in its public link), the dates to show (YYYY-MM-DD, inclusive,
 * in the guest's zone), the guest's zone, and optionally the booking being
 * rescheduled and the meeting length (`duration`, one of the event type's
 * durationOptions; default its durationMinutes).
 */
import { z } from "zod";
import { requireOneEventRef } from "../event-types/event-ref-refinement";
import { isValidIsoDate } from "../time";
import { timeZoneSchema } from "../users/user-schema";

const isoDate = (what: string) =>
  z
    .string({ message: `Give the ${what} date as YYYY-MM-DD.` })
    .trim()
    .refine(isValidIsoDate, { message: `Give the ${what} date as a real date, YYYY-MM-DD.` });

export const slotsQuerySchema = z
  .object({
    eventTypeId: z.string().trim().min(1).max(100).optional(),
    username: z.string().trim().toLowerCase().min(1).max(100).optional(),
    eventSlug: z.string().trim().toLowerCase().min(1).max(100).optional(),
    start: isoDate("start"),
    end: isoDate("end"),
    timeZone: z.string({ message: "Give the time zone to show times in, e.g. Europe/Berlin." }).pipe(timeZoneSchema),
    rescheduleUid: z.string().trim().min(1).max(100).optional(),
    /** Minutes, one of the event type's durationOptions (checked once the event type is known). */
    duration: z
      .string()
      .trim()
      .regex(/^\d{1,4}$/, "Give the duration as whole minutes, e.g. 30.")
      .transform(Number)
      .optional(),
  })
  .superRefine(requireOneEventRef("Say which event: eventTypeId, or username and eventSlug."));
export type SlotsQuery = z.output<typeof slotsQuerySchema>;
