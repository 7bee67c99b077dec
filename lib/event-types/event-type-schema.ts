import { z } from "zod";

export const LOCATION_TYPES = ["link", "phone", "in_person"] as const;
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

export const eventTypeFields = {
  slug: slugSchema,
  title: z.string().trim().min(1, "Enter a title.").max(120),
  description: z.string().trim().max(5000).default(""),
  durationMinutes: minutes(720, "Duration").min(5, "Meetings last at least 5 minutes."),
  location: locationSchema,
  scheduleId: z.string().min(1).nullable().default(null),
  minimumNoticeMinutes: minutes(525_600, "Minimum notice").default(120),
  bufferBeforeMinutes: minutes(720, "Buffer before").default(0),
  bufferAfterMinutes: minutes(720, "Buffer after").default(0),
  bookingWindowDays: z.number().int().min(1, "The booking window is at least 1 day.").max(730).default(60),
  hidden: z.boolean().default(false),
};

export const eventTypeInputSchema = z.object(eventTypeFields);
export type EventTypeInput = z.input<typeof eventTypeInputSchema>;

export const eventTypePatchSchema = z
  .object({
    ...eventTypeFields,
    description: z.string().trim().max(5000),
    scheduleId: z.string().min(1).nullable(),
    minimumNoticeMinutes: minutes(525_600, "Minimum notice"),
    bufferBeforeMinutes: minutes(720, "Buffer before"),
    bufferAfterMinutes: minutes(720, "Buffer after"),
    bookingWindowDays: z.number().int().min(1).max(730),
    hidden: z.boolean(),
  })
  .partial();
export type EventTypePatch = z.input<typeof eventTypePatchSchema>;

/** The API representation of an event type. */
export interface EventTypeDto {
  id: string;
  slug: string;
  title: string;
  description: string;
  durationMinutes: number;
  location: Location;
  scheduleId: string | null;
  minimumNoticeMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  bookingWindowDays: number;
  hidden: boolean;
}
