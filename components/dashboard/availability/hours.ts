/**
 * Editing model of a schedule's hours, and the checks the editor shows while
 * a person types. The server validates again with the same rules
 * (lib/schedules/schedule-schema.ts); these only give feedback sooner.
 */
import { WEEKDAYS, formatTimeOfDay, parseTimeOfDay, type Weekday } from "@/lib/time";
import type { HourCycle } from "@/lib/time/format";
import { weeklyOverlaps, type DateOverride, type ScheduleDto, type WeeklyInterval } from "@/lib/schedules/schedule-schema";

export interface EditInterval {
  /** A stable React key; not sent to the API. */
  key: number;
  start: string;
  end: string;
}

export interface DayHours {
  enabled: boolean;
  intervals: EditInterval[];
}

export interface EditOverride {
  key: number;
  date: string;
  /** Empty = unavailable all day. */
  intervals: EditInterval[];
}

export interface ScheduleDraft {
  name: string;
  timeZone: string;
  weekly: Record<Weekday, DayHours>;
  overrides: EditOverride[];
}

let nextKey = 1;
export function newKey(): number {
  return nextKey++;
}

export function interval(start: string, end: string): EditInterval {
  return { key: newKey(), start, end };
}

export const DEFAULT_DAY_START = "09:00";
export const DEFAULT_DAY_END = "17:00";

export function draftFromSchedule(schedule: ScheduleDto): ScheduleDraft {
  const weekly = Object.fromEntries(
    WEEKDAYS.map((day) => {
      const intervals = schedule.weekly
        .filter((w) => w.day === day)
        .map((w) => interval(w.start, w.end))
        .sort(byStart);
      return [day, { enabled: intervals.length > 0, intervals }];
    }),
  ) as Record<Weekday, DayHours>;
  const overrides = schedule.overrides
    .map((o) => ({ key: newKey(), date: o.date, intervals: o.intervals.map((i) => interval(i.start, i.end)).sort(byStart) }))
    .sort((a, b) => a.date.localeCompare(b.date));
  return { name: schedule.name, timeZone: schedule.timeZone, weekly, overrides };
}

function byStart(a: { start: string }, b: { start: string }): number {
  return (parseTimeOfDay(a.start) ?? 0) - (parseTimeOfDay(b.start) ?? 0);
}

/**
 * The API body of a draft. `weeklyOrigin`/`overrideOrigin` map the indexes of
 * the arrays sent back to the editor rows, so server errors such as
 * "weekly.3.end" can be shown beside the right row.
 */
export function draftToPayload(draft: ScheduleDraft) {
  const weekly: WeeklyInterval[] = [];
  const weeklyOrigin: { day: Weekday; key: number }[] = [];
  for (const day of WEEKDAYS) {
    const hours = draft.weekly[day];
    if (!hours.enabled) continue;
    for (const i of hours.intervals) {
      weekly.push({ day, start: i.start, end: i.end });
      weeklyOrigin.push({ day, key: i.key });
    }
  }
  const overrides: DateOverride[] = draft.overrides.map((o) => ({
    date: o.date,
    intervals: o.intervals.map((i) => ({ start: i.start, end: i.end })),
  }));
  return {
    body: { name: draft.name, timeZone: draft.timeZone, weekly, overrides },
    weeklyOrigin,
    overrideOrigin: draft.overrides.map((o) => o.key),
  };
}

/** Whether an interval's end is on the next day (weekly hours only: 22:00–02:00). */
export function endsNextDay(i: { start: string; end: string }): boolean {
  const start = parseTimeOfDay(i.start);
  const end = parseTimeOfDay(i.end);
  return start !== null && end !== null && end < start;
}

/**
 * Problems of one day's intervals, keyed by interval key. With `overnight`
 * (weekly hours) an end before the start means the next day; date overrides
 * stay within their date.
 */
export function intervalProblems(intervals: EditInterval[], overnight = false): Map<number, string> {
  const problems = new Map<number, string>();
  const valid: { key: number; start: number; end: number }[] = [];
  for (const i of intervals) {
    const start = parseTimeOfDay(i.start);
    const end = parseTimeOfDay(i.end);
    if (start === null || end === null) problems.set(i.key, "Pick a start and an end time.");
    else if (end === start) problems.set(i.key, overnight ? "The end must differ from the start." : "The end must be after the start.");
    else if (end < start && !overnight) problems.set(i.key, "The end must be after the start.");
    else valid.push({ key: i.key, start, end: end < start ? end + 1440 : end });
  }
  valid.sort((a, b) => a.start - b.start);
  for (let n = 1; n < valid.length; n++) {
    if (valid[n].start < valid[n - 1].end) problems.set(valid[n].key, "Overlaps the hours above; change or remove one of them.");
  }
  return problems;
}

/**
 * Overlaps between days, from overnight hours (Friday 22:00–02:00 and Saturday
 * 01:00–03:00), keyed by the later interval's key — the same rule the server
 * applies (weeklyOverlaps). Overlaps within one day are intervalProblems'.
 */
export function crossDayProblems(weekly: Record<Weekday, DayHours>): Map<number, string> {
  const rows = WEEKDAYS.flatMap((day) => (weekly[day].enabled ? weekly[day].intervals.map((i) => ({ day, ...i })) : []));
  const problems = new Map<number, string>();
  for (const { index, other } of weeklyOverlaps(rows)) {
    const a = rows[other];
    const b = rows[index];
    if (a.day !== b.day) problems.set(b.key, `Overlaps ${WEEKDAY_LABELS[a.day]}’s hours running past midnight; change or remove one of them.`);
  }
  return problems;
}

/** Every problem in a draft (to refuse saving until they are fixed). */
export function draftProblemCount(draft: ScheduleDraft): number {
  let count = 0;
  for (const day of WEEKDAYS) if (draft.weekly[day].enabled) count += intervalProblems(draft.weekly[day].intervals, true).size;
  count += crossDayProblems(draft.weekly).size;
  for (const o of draft.overrides) count += intervalProblems(o.intervals).size;
  return count;
}

/** The next interval after the last one: an hour long, clipped to midnight. Null when the day is full. */
export function nextInterval(intervals: EditInterval[]): EditInterval | null {
  if (intervals.length === 0) return interval(DEFAULT_DAY_START, DEFAULT_DAY_END);
  // Overnight hours run to midnight and beyond: nothing fits after them that day.
  if (intervals.some(endsNextDay)) return null;
  const lastEnd = Math.max(...intervals.map((i) => parseTimeOfDay(i.end) ?? 0));
  if (lastEnd >= 1440) return null;
  const start = lastEnd;
  const end = Math.min(start + 60, 1440);
  return interval(formatTimeOfDay(start), formatTimeOfDay(end));
}

const STEP = 15;

/** Choices for a start ("00:00"–"23:45") or end ("00:15"–"24:00") select, 15 minutes apart. */
export function timeChoices(kind: "start" | "end", current: string): string[] {
  const from = kind === "start" ? 0 : STEP;
  const to = kind === "start" ? 1440 - STEP : 1440;
  const choices: string[] = [];
  for (let m = from; m <= to; m += STEP) choices.push(formatTimeOfDay(m));
  // A time set through the API may be off the 15-minute grid; keep it selectable.
  if (current && !choices.includes(current) && parseTimeOfDay(current) !== null) {
    choices.push(current);
    choices.sort((a, b) => parseTimeOfDay(a)! - parseTimeOfDay(b)!);
  }
  return choices;
}

/** "13:30" → "1:30 PM" or "13:30"; "24:00" (end of the day) → "Midnight" or "24:00". */
export function timeLabel(value: string, hourCycle: HourCycle): string {
  const minutes = parseTimeOfDay(value);
  if (minutes === null || hourCycle === "h23") return value;
  if (minutes === 1440) return "Midnight";
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${h12}:${String(m).padStart(2, "0")} ${h < 12 ? "AM" : "PM"}`;
}

/** Today's date (YYYY-MM-DD) in `zone` (for the override date picker's minimum). */
export function todayInZone(zone: string): string {
  try {
    return new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  } catch {
    return new Date().toISOString().slice(0, 10);
  }
}

export const WEEKDAY_LABELS: Record<Weekday, string> = {
  monday: "Monday",
  tuesday: "Tuesday",
  wednesday: "Wednesday",
  thursday: "Thursday",
  friday: "Friday",
  saturday: "Saturday",
  sunday: "Sunday",
};
