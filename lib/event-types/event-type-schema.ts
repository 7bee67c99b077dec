import { z } from "zod";
import { START_ALIGNMENTS, type BookingLimits, type BookingWindow, type PeriodLimit, type StartAlignment } from "../availability/types";
import type { ErrorDetail } from "../errors";
import { isValidIsoDate } from "../time";

export const LOCATION_TYPES = ["link", "phone", "in_person", "google_meet", "microsoft_teams"] as const;
export type LocationType = (typeof LOCATION_TYPES)[number];

export const locationSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("link"),
    value: z
      .string()
      .trim()
      .pipe(z.url({ protocol: /^https?$/, message: "Enter the meeting link as an http(s) URL." })),
  }),
  z.object({ type: z.literal("phone"), value: z.string().trim().min(3, "Enter the phone number to call.").max(40) }),
  z.object({ type: z.literal("in_person"), value: z.string().trim().min(2, "Enter the address.").max(300) }),
  // A value sent along (a form that keeps one per type) is dropped: the provider makes the link.
  z.object({ type: z.literal("google_meet") }),
  z.object({ type: z.literal("microsoft_teams") }),
]);
export type Location = z.infer<typeof locationSchema>;

export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "Enter a URL slug.")
  .max(60)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "Use lower-case letters, digits and hyphens.");

const minutes = (max: number, label: string) =>
  z
    .number({ message: `${label} must be a number of minutes.` })
    .int(`${label} must be whole minutes.`)
    // Own messages: otherwise the schema-level "must be a number" message above is used for these too.
    .min(0, `${label} cannot be negative.`)
    .max(max, `${label} can be at most ${max} minutes.`);

const meetingMinutes = (label: string) => minutes(720, label).min(5, "Meetings last at least 5 minutes.");

/** Most durations one event type offers a guest. */
export const MAX_DURATION_OPTIONS = 8;

/**
 * Every duration a guest may pick, the default (durationMinutes) among them,
 * e.g. [15, 30, 60]. Stored and returned sorted.
 */
const durationOptionsSchema = z
  .array(meetingMinutes("Each duration"), { message: "List the durations as minutes, e.g. [15, 30, 60]." })
  .min(1, "List at least the default duration.")
  .max(MAX_DURATION_OPTIONS, `Offer at most ${MAX_DURATION_OPTIONS} durations.`)
  .superRefine((list, ctx) => {
    list.forEach((m, i) => {
      if (list.indexOf(m) !== i) ctx.addIssue({ code: "custom", path: [i], message: `${m} minutes is listed twice.` });
    });
  });

const slotIntervalSchema = minutes(720, "The slot interval").min(5, "Start times are at least 5 minutes apart.").nullable();

const alignStartsToSchema = z.enum(START_ALIGNMENTS, {
  message: 'alignStartsTo is "interval" (from the start of your hours) or "hour" (on the clock: :00, :15, :30 …).',
});

const windowDays = z
  .number({ message: "The booking window is a number of days." })
  .int("The booking window is whole days.")
  .min(1, "The booking window is at least 1 day.")
  .max(730, "The booking window is at most 730 days.");

const windowDate = (which: string) =>
  z
    .string({ message: `Give the ${which} date as YYYY-MM-DD.` })
    .trim()
    .refine(isValidIsoDate, { message: `Give the ${which} date as a real date, YYYY-MM-DD.` });

/** See lib/availability/types.ts (BookingWindow) for what each kind means. */
export const bookingWindowSchema = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("rolling"), days: windowDays }),
    z.object({ type: z.literal("calendar_days"), days: windowDays }),
    z
      .object({ type: z.literal("range"), start: windowDate("first"), end: windowDate("last") })
      .superRefine((w, ctx) => {
        if (isValidIsoDate(w.start) && isValidIsoDate(w.end) && w.end < w.start) {
          ctx.addIssue({ code: "custom", path: ["end"], message: "The last bookable date must be on or after the first." });
        }
      }),
  ],
  { message: 'bookingWindow.type is "rolling", "calendar_days" or "range".' },
);

const LIMIT_LABELS = { perDay: "day", perWeek: "week", perMonth: "month" } as const;
const PERIOD_MINUTES = { perDay: 1440, perWeek: 7 * 1440, perMonth: 31 * 1440 } as const;

const periodLimitSchema = (kind: keyof typeof LIMIT_LABELS) =>
  z
    .object({
      count: z
        .number({ message: `The bookings per ${LIMIT_LABELS[kind]} must be a number.` })
        .int(`The bookings per ${LIMIT_LABELS[kind]} must be a whole number.`)
        .min(1, `Allow at least 1 booking per ${LIMIT_LABELS[kind]}, or leave the limit out.`)
        .max(1000, `At most 1000 bookings per ${LIMIT_LABELS[kind]}.`)
        .nullish(),
      minutes: minutes(PERIOD_MINUTES[kind], `Booked time per ${LIMIT_LABELS[kind]}`)
        .min(5, `Allow at least 5 booked minutes per ${LIMIT_LABELS[kind]}, or leave the limit out.`)
        .nullish(),
    })
    .strict()
    .nullish();

/**
 * Limits per local day, week (Monday–Sunday) and calendar month of the
 * schedule's zone, counting this event type's bookings: at most `count`
 * bookings and/or `minutes` booked minutes. Null or absent = no limit.
 */
export const limitsSchema = z
  .object({ perDay: periodLimitSchema("perDay"), perWeek: periodLimitSchema("perWeek"), perMonth: periodLimitSchema("perMonth") })
  .strict();

const destinationCalendarIdSchema = z
  .string({ message: "destinationCalendarId is the id of one of your calendars, or null for your default." })
  .min(1, "destinationCalendarId is the id of one of your calendars, or null for your default.")
  .nullable();

/** Most guests one seated meeting may hold. */
export const MAX_SEATS_PER_SLOT = 1000;

/**
 * Seats per meeting: 2 or more makes a group event (guests share one meeting,
 * each with a booking of their own); 1 or null = one guest per meeting,
 * stored and returned as null.
 */
const seatsPerSlotSchema = z
  .number({ message: "seatsPerSlot is the number of guests per meeting, or null for one." })
  .int("seatsPerSlot is a whole number of guests.")
  .min(1, "A meeting has at least 1 seat (use null for one guest per meeting).")
  .max(MAX_SEATS_PER_SLOT, `At most ${MAX_SEATS_PER_SLOT} seats per meeting.`)
  .nullable()
  .transform((n) => (n === null || n === 1 ? null : n));

export const eventTypeFields = {
  slug: slugSchema,
  title: z.string().trim().min(1, "Enter a title.").max(120),
  description: z.string().trim().max(5000).default(""),
  durationMinutes: meetingMinutes("Duration"),
  /** Absent = only durationMinutes. */
  durationOptions: durationOptionsSchema.optional(),
  location: locationSchema,
  scheduleId: z.string().min(1).nullable().default(null),
  minimumNoticeMinutes: minutes(525_600, "Minimum notice").default(120),
  bufferBeforeMinutes: minutes(720, "Buffer before").default(0),
  bufferAfterMinutes: minutes(720, "Buffer after").default(0),
  slotIntervalMinutes: slotIntervalSchema.default(null),
  alignStartsTo: alignStartsToSchema.default("interval"),
  bookingWindow: bookingWindowSchema.optional(),
  /** The older way to say { type: "rolling", days }; null = not rolling (as returned). */
  bookingWindowDays: windowDays.nullish(),
  limits: limitsSchema.default({}),
  hidden: z.boolean().default(false),
  /** Where bookings of this type are written: a writable calendar of the host; null = the host's destination calendar. */
  destinationCalendarId: destinationCalendarIdSchema.default(null),
  seatsPerSlot: seatsPerSlotSchema.default(null),
};

/** The parts of an event type that must agree with each other. */
export interface EventTypeRules {
  durationMinutes: number;
  durationOptions: number[];
  limits: BookingLimits;
}

/**
 * Problems between fields: the default duration must be one of the options,
 * and a minutes limit below the shortest duration would leave nothing to
 * book. `durationPath` names the field the client changed.
 */
export function eventTypeRuleIssues(rules: EventTypeRules, durationPath: "durationMinutes" | "durationOptions"): ErrorDetail[] {
  const issues: ErrorDetail[] = [];
  if (!rules.durationOptions.includes(rules.durationMinutes)) {
    issues.push({
      path: durationPath,
      message:
        durationPath === "durationOptions"
          ? `Include the default duration (${rules.durationMinutes} min) in durationOptions.`
          : `${rules.durationMinutes} min is not one of the duration options (${rules.durationOptions.join(", ")} min); change durationOptions too.`,
    });
  }
  const shortest = Math.min(...rules.durationOptions, rules.durationMinutes);
  for (const kind of ["perDay", "perWeek", "perMonth"] as const) {
    const limit = rules.limits[kind]?.minutes;
    if (limit !== undefined && limit < shortest) {
      issues.push({
        path: `limits.${kind}.minutes`,
        message: `${limit} booked minutes per ${LIMIT_LABELS[kind]} is less than the shortest meeting (${shortest} min), so nothing could be booked.`,
      });
    }
  }
  return issues;
}

/** Limits as stored and returned: only the periods with a limit, only the limits given. */
export function normalizeLimits(limits: z.output<typeof limitsSchema> | null | undefined): BookingLimits {
  const result: BookingLimits = {};
  for (const kind of ["perDay", "perWeek", "perMonth"] as const) {
    const l = limits?.[kind];
    if (!l) continue;
    const period: PeriodLimit = {};
    if (l.count !== null && l.count !== undefined) period.count = l.count;
    if (l.minutes !== null && l.minutes !== undefined) period.minutes = l.minutes;
    if (period.count !== undefined || period.minutes !== undefined) result[kind] = period;
  }
  return result;
}

/**
 * The window a request asks for: `bookingWindow`, or `bookingWindowDays`
 * meaning a rolling window. Both may be sent (a DTO sent back as it came)
 * when they agree; otherwise the issue is on bookingWindowDays.
 */
export function requestedBookingWindow(input: {
  bookingWindow?: BookingWindow;
  bookingWindowDays?: number | null;
}): { window?: BookingWindow; issue?: ErrorDetail } {
  const { bookingWindow, bookingWindowDays } = input;
  if (bookingWindowDays === undefined || bookingWindowDays === null) return { window: bookingWindow };
  if (!bookingWindow) return { window: { type: "rolling", days: bookingWindowDays } };
  if (bookingWindow.type === "rolling" && bookingWindow.days === bookingWindowDays) return { window: bookingWindow };
  return {
    issue: {
      path: "bookingWindowDays",
      message: "bookingWindowDays disagrees with bookingWindow. Send bookingWindow alone (bookingWindowDays is the older form of a rolling window).",
    },
  };
}

export const eventTypeInputSchema = z.object(eventTypeFields).superRefine((input, ctx) => {
  const rules = { durationMinutes: input.durationMinutes, durationOptions: input.durationOptions ?? [input.durationMinutes], limits: normalizeLimits(input.limits) };
  for (const issue of eventTypeRuleIssues(rules, "durationOptions")) ctx.addIssue({ code: "custom", path: issue.path!.split("."), message: issue.message });
  const { issue } = requestedBookingWindow(input);
  if (issue) ctx.addIssue({ code: "custom", path: [issue.path!], message: issue.message });
});
export type EventTypeInput = z.input<typeof eventTypeInputSchema>;

/**
 * PATCH: every field optional. Checks between fields need the stored event
 * type too, so updateEventType makes them (eventTypeRuleIssues) — apart from
 * bookingWindow against bookingWindowDays, which are both in the request.
 */
export const eventTypePatchSchema = z
  .object({
    ...eventTypeFields,
    description: z.string().trim().max(5000),
    scheduleId: z.string().min(1).nullable(),
    minimumNoticeMinutes: minutes(525_600, "Minimum notice"),
    bufferBeforeMinutes: minutes(720, "Buffer before"),
    bufferAfterMinutes: minutes(720, "Buffer after"),
    slotIntervalMinutes: slotIntervalSchema,
    alignStartsTo: alignStartsToSchema,
    limits: limitsSchema,
    hidden: z.boolean(),
    destinationCalendarId: destinationCalendarIdSchema,
    seatsPerSlot: seatsPerSlotSchema,
  })
  .partial()
  .superRefine((input, ctx) => {
    const { issue } = requestedBookingWindow(input);
    if (issue) ctx.addIssue({ code: "custom", path: [issue.path!], message: issue.message });
  });
export type EventTypePatch = z.input<typeof eventTypePatchSchema>;

/** The API representation of an event type. */
export interface EventTypeDto {
  id: string;
  slug: string;
  title: string;
  description: string;
  /** The default duration. */
  durationMinutes: number;
  /** Every duration a guest may pick, sorted; always includes durationMinutes. */
  durationOptions: number[];
  location: Location;
  scheduleId: string | null;
  minimumNoticeMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  /** Start times every N minutes; null = every duration. */
  slotIntervalMinutes: number | null;
  alignStartsTo: StartAlignment;
  bookingWindow: BookingWindow;
  /** The rolling window's days, for older clients; null when the window is not rolling. */
  bookingWindowDays: number | null;
  limits: BookingLimits;
  hidden: boolean;
  /** The calendar bookings are written to; null = the host's destination calendar (Settings → Calendars). */
  destinationCalendarId: string | null;
  /** Guests per meeting (a group event, 2–1000); null = one guest per meeting. */
  seatsPerSlot: number | null;
}
