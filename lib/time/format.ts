/**
 * Human-readable dates and times for pages (and later e-mails). English text,
 * because the UI is English; the zone and the 12/24-hour clock are the
 * reader's choice. Everything goes through Intl so zone rules are the
 * platform's, never hand-rolled offsets.
 */

/** "h12" = 9:30 AM, "h23" = 09:30. */
export type HourCycle = "h12" | "h23";

const LOCALE = "en-US";

// Recent ICU writes "9:30\u202FAM" (narrow no-break space). Plain spaces keep
// accessible names and copy-pasted text predictable.
function plainSpaces(text: string): string {
  return text.replace(/[\u202F\u00A0]/g, " ");
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify(options);
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALE, options);
    formatters.set(key, f);
  }
  return f;
}

function timeOptions(zone: string, hourCycle: HourCycle): Intl.DateTimeFormatOptions {
  return hourCycle === "h12"
    ? { timeZone: zone, hour: "numeric", minute: "2-digit", hourCycle: "h12" }
    : { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
}

function toDate(instant: string | number | Date): Date {
  return instant instanceof Date ? instant : new Date(instant);
}

/** "9:30 AM" or "09:30" in `zone`. */
export function formatTime(instant: string | number | Date, zone: string, hourCycle: HourCycle): string {
  return plainSpaces(formatter(timeOptions(zone, hourCycle)).format(toDate(instant)));
}

/** "9:30 AM – 10:00 AM" in `zone`. */
export function formatTimeRange(
  start: string | number | Date,
  end: string | number | Date,
  zone: string,
  hourCycle: HourCycle,
): string {
  return `${formatTime(start, zone, hourCycle)} – ${formatTime(end, zone, hourCycle)}`;
}

/** "Monday, December 7, 2026" — the date an instant falls on in `zone`. */
export function formatLongDate(instant: string | number | Date, zone: string): string {
  return formatter({ timeZone: zone, weekday: "long", month: "long", day: "numeric", year: "numeric" }).format(toDate(instant));
}

/**
 * A calendar date (YYYY-MM-DD, no zone) as "Monday, December 7", or with the
 * year. Read at UTC noon so no zone can move it to a neighbouring day.
 */
export function formatCalendarDate(date: string, options: { year?: boolean; weekday?: boolean } = {}): string {
  const [y, m, d] = date.split("-").map(Number);
  return formatter({
    timeZone: "UTC",
    weekday: options.weekday === false ? undefined : "long",
    month: "long",
    day: "numeric",
    year: options.year ? "numeric" : undefined,
  }).format(new Date(Date.UTC(y, m - 1, d, 12)));
}

/** "December 2026" for a year and a month 1–12. */
export function formatMonthYear(year: number, month: number): string {
  return formatter({ timeZone: "UTC", month: "long", year: "numeric" }).format(new Date(Date.UTC(year, month - 1, 15)));
}

/** "December" for a month 1–12. */
export function formatMonthName(month: number): string {
  return formatter({ timeZone: "UTC", month: "long" }).format(new Date(Date.UTC(2000, month - 1, 15)));
}

/** "Monday, December 7, 2026 · 9:30 AM – 10:00 AM" in `zone`. */
export function formatMeeting(
  start: string | number | Date,
  end: string | number | Date,
  zone: string,
  hourCycle: HourCycle,
): string {
  return `${formatLongDate(start, zone)} · ${formatTimeRange(start, end, zone, hourCycle)}`;
}

/** "GMT+1", "GMT-5", "GMT+5:30" — the zone's offset at `at`. */
export function formatZoneOffset(zone: string, at: string | number | Date = Date.now()): string {
  const part = formatter({ timeZone: zone, timeZoneName: "shortOffset" })
    .formatToParts(toDate(at))
    .find((p) => p.type === "timeZoneName");
  return part?.value ?? "";
}

/** "30 min", "1 h", "1 h 30 min". */
export function formatDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

const relative = new Intl.RelativeTimeFormat(LOCALE, { numeric: "auto" });
const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["minute", 60_000],
  ["hour", 3_600_000],
  ["day", 86_400_000],
];

/**
 * "just now", "2 minutes ago", "in 4 minutes", "3 hours ago", "yesterday",
 * "5 days ago" — how long before or after `now` an instant is, rounded down
 * to its largest whole unit (days at most: beyond a week, show a date).
 */
export function formatRelativeTime(instant: string | number | Date, now: number = Date.now()): string {
  const diff = toDate(instant).getTime() - now;
  if (Math.abs(diff) < 45_000) return "just now";
  let [unit, size] = RELATIVE_STEPS[0];
  for (const step of RELATIVE_STEPS) if (Math.abs(diff) >= step[1]) [unit, size] = step;
  return relative.format(Math.trunc(diff / size) || Math.sign(diff), unit);
}
