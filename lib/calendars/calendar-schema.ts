/** Inputs of the connected-calendars API (zod), shared by routes and services. */
import { z } from "zod";

/**
 * Addresses are only bounded here: the CalDAV and ICS modules normalise them
 * (a bare host gets https://, webcal:// means https://) and explain what is
 * wrong with one (lib/calendars/caldav/verify-caldav-credentials.ts,
 * lib/calendars/ics/feed-url.ts).
 */
const address = (what: string) =>
  z.string({ message: `Enter the ${what}.` }).trim().min(1, `Enter the ${what}.`).max(2048, `The ${what} is too long.`);

export const caldavPasswordSchema = z
  .string({ message: "Enter the password." })
  .min(1, "Enter the password.")
  .max(1000, "The password is too long.");

export const caldavAccountSchema = z.object({
  provider: z.literal("caldav"),
  serverUrl: address("server address"),
  username: z.string({ message: "Enter the username." }).trim().min(1, "Enter the username.").max(320, "The username is too long."),
  password: caldavPasswordSchema,
});
export type CaldavAccountInput = z.infer<typeof caldavAccountSchema>;

export const icsFeedSchema = z.object({
  provider: z.literal("ics"),
  url: address("feed address"),
});
export type IcsFeedInput = z.infer<typeof icsFeedSchema>;

/** POST /api/v1/connections: the kinds that need no browser redirect. */
export const connectionInputSchema = z.discriminatedUnion("provider", [caldavAccountSchema, icsFeedSchema], {
  message: 'provider is "caldav" or "ics" here; Google and Microsoft connect in the browser at /api/integrations/{google|microsoft}/connect.',
});

/** PATCH /api/v1/connections/{id}: a CalDAV account's new (app-specific) password. */
export const connectionPatchSchema = z.object({ password: caldavPasswordSchema }).strict();

/** PATCH /api/v1/calendars/{id}. */
export const calendarPatchSchema = z
  .object({
    selectedForConflicts: z.boolean({ message: "selectedForConflicts is true or false." }).optional(),
    isDestination: z.boolean({ message: "isDestination is true or false." }).optional(),
  })
  .strict()
  .refine((v) => v.selectedForConflicts !== undefined || v.isDestination !== undefined, {
    message: "Send selectedForConflicts and/or isDestination.",
  });
export type CalendarPatch = z.infer<typeof calendarPatchSchema>;

/** PATCH /api/v1/calendar-settings. */
export const calendarSettingsSchema = z
  .object({ allDayEventsBlock: z.boolean({ message: "allDayEventsBlock is true or false." }) })
  .strict();
export type CalendarSettings = z.infer<typeof calendarSettingsSchema>;
