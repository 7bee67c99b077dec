/**
 * Protection against recurrence rules ical.js cannot iterate safely. Its
 * iterator loops synchronously until the next match; for some rules no match
 * ever comes (FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30) and the loop never ends —
 * one hostile or broken feed would hang the server. Others yield dates that
 * do not exist in the rule (YEARLY;BYMONTH=2;BYMONTHDAY=30 gives 2 March).
 * We reject the first kind up front and filter the second kind out.
 */
import type ICAL from "ical.js";

/** Frequencies whose iterator steps through every period without a give-up guard. */
const UNGUARDED = new Set(["SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY"]);
/** Days in each month, February counted as leap (a day that exists in some year). */
const MAX_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Why ical.js must not iterate `rule` from a DTSTART of this kind, or null when it may. */
export function unsafeRecurrenceReason(rule: ICAL.Recur, allDay: boolean): string | null {
  const parts = rule.parts ?? {};
  if (!rule.freq) return "the rule has no FREQ";
  // A DATE cannot move by hours or match an hour: ical.js loops forever trying.
  if (allDay && (rule.freq === "SECONDLY" || rule.freq === "MINUTELY" || rule.freq === "HOURLY")) {
    return `FREQ=${rule.freq} needs a DTSTART with a time`;
  }
  if (allDay && (parts.BYHOUR?.length || parts.BYMINUTE?.length || parts.BYSECOND?.length)) {
    return "BYHOUR/BYMINUTE/BYSECOND need a DTSTART with a time";
  }
  if (parts.BYMONTHDAY?.some((day) => day === 0 || Math.abs(day) > 31)) return "BYMONTHDAY has a day that does not exist";
  if (parts.BYMONTH?.some((month) => month < 1 || month > 12)) return "BYMONTH has a month that does not exist";
  if (!UNGUARDED.has(rule.freq)) return null;

  // ical.js steps one second (minute) at a time until the BY-parts match: a
  // SECONDLY rule limited to one day a year takes seconds of CPU per instance.
  // No calendar needs either; refuse rather than let a feed pin the CPU.
  if (rule.freq === "SECONDLY") return "FREQ=SECONDLY is not supported";
  if (rule.freq === "MINUTELY" && (parts.BYMONTH?.length || parts.BYMONTHDAY?.length || parts.BYYEARDAY?.length || parts.BYWEEKNO?.length)) {
    return "FREQ=MINUTELY limited to certain days is not supported";
  }

  // RFC 5545 §3.3.10: these parts belong to MONTHLY/YEARLY rules only, and
  // ical.js loops forever on some of them in finer frequencies.
  if (parts.BYWEEKNO?.length) return `BYWEEKNO is not allowed with FREQ=${rule.freq}`;
  if (parts.BYYEARDAY?.length) return `BYYEARDAY is not allowed with FREQ=${rule.freq}`;
  if (parts.BYDAY?.some((day) => /\d/.test(day))) return `numbered BYDAY (like 1MO) is not allowed with FREQ=${rule.freq}`;
  // ical.js compares the day of month with the negative number itself here, which never matches.
  if (parts.BYMONTHDAY?.some((day) => day < 0)) return `negative BYMONTHDAY is not supported with FREQ=${rule.freq}`;

  if (parts.BYMONTHDAY?.length) {
    const months = parts.BYMONTH?.length ? parts.BYMONTH : [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    const possible = months.some((month) => parts.BYMONTHDAY!.some((day) => Math.abs(day) <= MAX_DAYS[month - 1]));
    if (!possible) return "BYMONTH and BYMONTHDAY never meet (no such date)";
  }
  return null;
}

/**
 * False for an occurrence ical.js produced by rolling an impossible date over
 * into the next month (30 February → 2 March): it is not in the rule's set.
 */
export function occurrenceMatchesRule(rule: ICAL.Recur, time: ICAL.Time): boolean {
  const parts = rule.parts ?? {};
  if (parts.BYMONTH?.length && !parts.BYMONTH.includes(time.month)) return false;
  if (parts.BYMONTHDAY?.length) {
    const daysInMonth = new Date(Date.UTC(time.year, time.month, 0)).getUTCDate();
    const matches = parts.BYMONTHDAY.some((day) => (day > 0 ? day : daysInMonth + day + 1) === time.day);
    if (!matches) return false;
  }
  return true;
}
