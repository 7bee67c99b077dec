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

/**
 * A weekly interval. An end that is not after the start means the next day:
 * Friday 22:00–02:00 runs from Friday 22:00 to Saturday 02:00, and 22:00–00:00
 * is the same as 22:00–24:00. Equal times are refused (a whole day is
 * 00:00–24:00), and a start of "24:00" is not a time of that day.
 */
export const weeklyIntervalSchema = z
  .object({ day: z.enum(WEEKDAYS), start: timeOfDay, end: timeOfDay })
  .superRefine((r, ctx) => {
    const start = parseTimeOfDay(r.start);
    const end = parseTimeOfDay(r.end);
    if (start === null || end === null) return;
    if (start === 1440) ctx.addIssue({ code: "custom", path: ["start"], message: "A day's hours start by 23:59; use 00:00 of the next day." });
    else if (start === end) ctx.addIssue({ code: "custom", path: ["end"], message: "The end time must differ from the start time." });
  });
export type WeeklyInterval = z.infer<typeof weeklyIntervalSchema>;

/** Whether a weekly interval runs into the next day. */
export function isOvernight(r: { start: string; end: string }): boolean {
  return parseTimeOfDay(r.end)! <= parseTimeOfDay(r.start)!;
}

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

const WEEK_MINUTES = 7 * 1440;

/**
 * Index of each weekly interval that overlaps an earlier-starting one (in
 * week order, Monday first), overnight hours included: Friday 22:00–02:00
 * overlaps Saturday 01:00–05:00, and Sunday 23:00–01:00 overlaps Monday
 * 00:30–09:00 (the week wraps around).
 */
export function weeklyOverlaps(weekly: readonly { day: string; start: string; end: string }[]): { index: number; other: number }[] {
  const spans = weekly
    .map((w, index) => {
      const start = parseTimeOfDay(w.start);
      const end = parseTimeOfDay(w.end);
      const day = WEEKDAYS.indexOf(w.day as (typeof WEEKDAYS)[number]);
      if (start === null || end === null || day < 0 || start === end || start === 1440) return null;
      const from = day * 1440 + start;
      return { index, from, to: day * 1440 + (end < start ? end + 1440 : end) };
    })
    .filter((x): x is { index: number; from: number; to: number } => x !== null)
    .sort((a, b) => a.from - b.from || a.index - b.index);
  const found: { index: number; other: number }[] = [];
  // The earlier span reaching furthest decides whether the next one overlaps.
  let reach: (typeof spans)[number] | null = null;
  for (const span of spans) {
    if (reach && span.from < reach.to) found.push({ index: span.index, other: reach.index });
    if (!reach || span.to > reach.to) reach = span;
  }
  // Sunday night into Monday: a span reaching past the week's end overlaps the first ones.
  if (reach && reach.to > WEEK_MINUTES) {
    for (const span of spans) {
      if (span.index !== reach.index && span.from < reach.to - WEEK_MINUTES && !found.some((f) => f.index === span.index)) {
        found.push({ index: span.index, other: reach.index });
      }
    }
  }
  return found;
}

const dayLabel = (day: string) => day.charAt(0).toUpperCase() + day.slice(1);

export const weeklySchema = z
  .array(weeklyIntervalSchema)
  .max(100)
  .superRefine((weekly, ctx) => {
    for (const { index, other } of weeklyOverlaps(weekly)) {
      const a = weekly[other];
      const b = weekly[index];
      const where = a.day === b.day ? `on ${dayLabel(b.day)}` : `${dayLabel(a.day)} ${a.start}–${a.end}${isOvernight(a) ? " (next day)" : ""} and ${dayLabel(b.day)} ${b.start}–${b.end}`;
      ctx.addIssue({
        code: "custom",
        path: [index],
        message: a.day === b.day ? `The hours ${where} overlap; join them into one interval.` : `The hours ${where} overlap; shorten one of them.`,
      });
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
