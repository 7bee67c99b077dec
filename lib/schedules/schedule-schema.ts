/**
 * The shape of availability rules as the API and UI speak them. Times are
 * wall-clock "HH:MM" in the schedule's zone; "24:00" may end a day.
 */
import { z } from "zod";
import { WEEKDAYS, isValidIsoDate, parseTimeOfDay } from "../time";
import { timeZoneSchema } from "../users/user-schema";

const timeOfDay = z.string().refine((v) => parseTimeOfDay(v) !== null, {
  message: 'Use 24-hour "HH:MM" (00:00–24:00).',
});

export const timeRangeSchema = z
  .object({ start: timeOfDay, end: timeOfDay })
  .refine((r) => parseTimeOfDay(r.start)! < parseTimeOfDay(r.end)!, {
    message: "The end time must be after the start time.",
    path: ["end"],
  });
export type TimeRange = z.infer<typeof timeRangeSchema>;

export const weeklyIntervalSchema = z
  .object({ day: z.enum(WEEKDAYS), start: timeOfDay, end: timeOfDay })
  .refine((r) => parseTimeOfDay(r.start)! < parseTimeOfDay(r.end)!, {
    message: "The end time must be after the start time.",
    path: ["end"],
  });
export type WeeklyInterval = z.infer<typeof weeklyIntervalSchema>;

export const dateOverrideSchema = z.object({
  date: z.string().refine(isValidIsoDate, { message: "Use a real date as YYYY-MM-DD." }),
  /** Empty = unavailable all day. */
  intervals: z.array(timeRangeSchema).max(12),
});
export type DateOverride = z.infer<typeof dateOverrideSchema>;

function overlapIssues(ranges: { start: string; end: string }[]): boolean {
  const sorted = ranges.map((r) => [parseTimeOfDay(r.start)!, parseTimeOfDay(r.end)!]).sort((a, b) => a[0] - b[0]);
  return sorted.some((r, i) => i > 0 && r[0] < sorted[i - 1][1]);
}

export const weeklySchema = z
  .array(weeklyIntervalSchema)
  .max(100)
  .superRefine((weekly, ctx) => {
    for (const day of WEEKDAYS) {
      if (overlapIssues(weekly.filter((w) => w.day === day))) {
        ctx.addIssue({ code: "custom", message: `The hours on ${day} overlap; join them into one interval.` });
      }
    }
  });

export const overridesSchema = z
  .array(dateOverrideSchema)
  .max(1000)
  .superRefine((overrides, ctx) => {
    const seen = new Set<string>();
    overrides.forEach((o, i) => {
      if (seen.has(o.date)) ctx.addIssue({ code: "custom", path: [i, "date"], message: `${o.date} appears twice.` });
      seen.add(o.date);
      if (overlapIssues(o.intervals)) {
        ctx.addIssue({ code: "custom", path: [i, "intervals"], message: `The hours on ${o.date} overlap.` });
      }
    });
  });

export const scheduleInputSchema = z.object({
  name: z.string().trim().min(1, "Give the schedule a name.").max(100),
  timeZone: timeZoneSchema,
  isDefault: z.boolean().default(false),
  weekly: weeklySchema,
  overrides: overridesSchema.default([]),
});
export type ScheduleInput = z.input<typeof scheduleInputSchema>;

export const schedulePatchSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    timeZone: timeZoneSchema,
    // Only `true`: a user always has exactly one default, so it moves by making
    // another schedule the default, never by unsetting it.
    isDefault: z.literal(true, { error: "To change the default, make another schedule the default." }),
    weekly: weeklySchema,
    overrides: overridesSchema,
  })
  .partial();
export type SchedulePatch = z.input<typeof schedulePatchSchema>;

/** The API representation of a schedule. */
export interface ScheduleDto {
  id: string;
  name: string;
  timeZone: string;
  isDefault: boolean;
  weekly: WeeklyInterval[];
  overrides: DateOverride[];
}

export const DEFAULT_WEEKLY: WeeklyInterval[] = (["monday", "tuesday", "wednesday", "thursday", "friday"] as const).map(
  (day) => ({ day, start: "09:00", end: "17:00" }),
);
