import { z } from "zod";
import { MIN_PASSWORD_LENGTH } from "../auth/password";
import { isValidTimeZone } from "../time";

/** First path segments the app itself uses; a username must not shadow them. */
export const RESERVED_USERNAMES = new Set([
  "api", "app", "admin", "auth", "booking", "bookings", "dashboard", "settings", "signin", "signup",
  "signout", "login", "logout", "register", "public", "static", "_next", "favicon.ico", "robots.txt",
  "kairos", "help", "about", "pricing", "docs", "availability", "event-types",
]);

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, "Username must be at least 2 characters.")
  .max(40, "Username must be at most 40 characters.")
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "Use lower-case letters, digits and hyphens (not at the start or end).")
  .refine((u) => !RESERVED_USERNAMES.has(u), "That username is reserved.");

export const timeZoneSchema = z
  .string()
  .trim()
  .refine(isValidTimeZone, { message: "Not a known IANA time zone (e.g. Europe/Berlin)." });

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address."));

export const newUserSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1, "Enter your name.").max(100),
  username: usernameSchema,
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `Password must be at least ${MIN_PASSWORD_LENGTH} characters.`)
    .max(200),
  timeZone: timeZoneSchema.default("UTC"),
});
export type NewUser = z.input<typeof newUserSchema>;

export const profileUpdateSchema = z
  .object({
    name: z.string().trim().min(1, "Enter your name.").max(100),
    email: emailSchema,
    username: usernameSchema,
    timeZone: timeZoneSchema,
  })
  .partial();
export type ProfileUpdate = z.input<typeof profileUpdateSchema>;
