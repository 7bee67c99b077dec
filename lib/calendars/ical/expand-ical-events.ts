/**
 * iCalendar → ProviderEvent occurrences overlapping a range. The one
 * expander behind CalDAV, ICS feeds and sync.
 *
 * Time zones: every TZID that names an IANA zone (IANA, Windows and Outlook
 * names, vendor-prefixed names) is computed from the IANA database with luxon;
 * other TZIDs use the file's VTIMEZONE (see withReferencedZones). Floating
 * times and all-day dates belong to the calendar's zone. Nothing here reads
 * the process's own zone, so results are identical under any TZ.
 *
 * Recurrence: ical.js iterates each RRULE over wall-clock times in the event's
 * zone; RDATE, EXDATE, RECURRENCE-ID overrides and DTSTART-as-first-instance
 * are applied here (ical.js's own EXDATE walk skips exclusions that follow
 * a stale one). Iteration stops at the end of the range and is capped per
 * series, and rules ical.js would loop on forever are refused.
 */
import ICAL from "ical.js";
import type { Interval } from "../../availability/types";
import { addDays, daysBetween, isValidTimeZone, startOfZonedDay } from "../../time";
import type { ProviderEvent } from "../provider";
import { LuxonIcalTimezone } from "./luxon-ical-timezone";
import { parseIcalendar } from "./parse-icalendar";
import { occurrenceMatchesRule, unsafeRecurrenceReason } from "./recurrence-rule-guard";
import { resolveTimeZoneId } from "./resolve-time-zone-id";

export interface ExpandIcalOptions {
  /** Occurrences overlapping this half-open range are returned. */
  range: Interval;
  /**
   * Zone of floating times and all-day dates when the calendar names none
   * itself (X-WR-TIMEZONE wins): the CalDAV calendar-timezone or the host's zone.
   * Defaults to UTC.
   */
  defaultTimeZone?: string;
  /** The account owner's addresses: their ATTENDEE PARTSTAT becomes selfResponse. */
  selfEmails?: readonly string[];
  /** Copied onto every event (the CalDAV object's etag). */
  etag?: string;
  /** Keep STATUS:CANCELLED events and instances (as status "cancelled"); default false. */
  includeCancelled?: boolean;
  /** Safety cap on recurrence steps per series (default 100 000). */
  maxIterationsPerSeries?: number;
  /** Safety cap on recurrence steps for the whole text (default 1 000 000): a hostile feed cannot pin a CPU. */
  maxIterationsTotal?: number;
  /**
   * Wall-clock cap for expanding the whole text (default 10 s), the last line
   * of defence: some absurd rules make a single ical.js step take 0.1–0.2 s.
   * Real calendars take milliseconds.
   */
  timeBudgetMs?: number;
  /** Told about what was skipped or guessed (unknown TZID, refused rule, …). */
  onWarning?: (message: string) => void;
}

const DEFAULT_MAX_ITERATIONS = 100_000;
const DEFAULT_MAX_ITERATIONS_TOTAL = 1_000_000;
const DEFAULT_TIME_BUDGET_MS = 10_000;
const TIME_PROPERTIES = ["dtstart", "dtend", "due", "exdate", "rdate", "recurrence-id"];

/** Expands every VEVENT of `ics` into occurrences overlapping `options.range`, sorted by start. */
export function expandIcalEvents(ics: string, options: ExpandIcalOptions): ProviderEvent[] {
  const events: ProviderEvent[] = [];
  const budget: Budget = {
    remaining: options.maxIterationsTotal ?? DEFAULT_MAX_ITERATIONS_TOTAL,
    deadline: performance.now() + (options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS),
    exhausted: false,
  };
  for (const calendar of parseIcalendar(ics)) {
    events.push(...expandCalendar(calendar, options, budget));
  }
  return events.sort((a, b) => a.start - b.start || a.end - b.end || (a.externalId < b.externalId ? -1 : 1));
}

/** What is left for the whole text, shared by every series. */
interface Budget {
  remaining: number;
  /** performance.now() after which expansion stops. */
  deadline: number;
  exhausted: boolean;
}

interface Context {
  range: Interval;
  /** IANA zone (or fixed offset) for floating times and all-day dates. */
  zone: string;
  floating: ICAL.Timezone;
  selfEmails: Set<string>;
  etag?: string;
  includeCancelled: boolean;
  maxIterations: number;
  budget: Budget;
  warn: (message: string) => void;
}

function expandCalendar(calendar: ICAL.Component, options: ExpandIcalOptions, budget: Budget): ProviderEvent[] {
  const warn = options.onWarning ?? (() => {});
  const zone = calendarZone(calendar, options.defaultTimeZone, warn);
  const context: Context = {
    range: options.range,
    zone,
    floating: new LuxonIcalTimezone(`floating:${zone}`, zone),
    selfEmails: new Set((options.selfEmails ?? []).map((email) => email.trim().toLowerCase())),
    etag: options.etag,
    includeCancelled: options.includeCancelled ?? false,
    maxIterations: options.maxIterationsPerSeries ?? DEFAULT_MAX_ITERATIONS,
    budget,
    warn,
  };

  return withReferencedZones(calendar, context, () => {
    const groups = new Map<string, { masters: ICAL.Component[]; overrides: ICAL.Component[] }>();
    for (const vevent of calendar.getAllSubcomponents("vevent")) {
      const uid = text(vevent, "uid") ?? syntheticUid(vevent);
      const group = groups.get(uid) ?? { masters: [], overrides: [] };
      (vevent.hasProperty("recurrence-id") ? group.overrides : group.masters).push(vevent);
      groups.set(uid, group);
    }

    const events: ProviderEvent[] = [];
    for (const [uid, group] of groups) {
      try {
        events.push(...expandSeries(uid, group.masters, group.overrides, context));
      } catch (error) {
        warn(`Skipped event ${uid}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return events;
  });
}

/** X-WR-TIMEZONE (how Google and Apple name a feed's zone), else the caller's default, else UTC. */
function calendarZone(calendar: ICAL.Component, fallback: string | undefined, warn: (m: string) => void): string {
  const declared = text(calendar, "x-wr-timezone");
  if (declared) {
    const zone = resolveTimeZoneId(declared);
    if (zone) return zone;
    warn(`Unknown X-WR-TIMEZONE "${declared}" ignored.`);
  }
  if (fallback) {
    const zone = resolveTimeZoneId(fallback);
    if (zone) return zone;
    warn(`Unknown default time zone "${fallback}"; using UTC.`);
  }
  return "UTC";
}

/**
 * Makes every TZID the calendar uses resolvable while `body` runs, in this order:
 * 1. a TZID that names an IANA zone (directly, as a Windows or Outlook display
 *    name, behind a vendor prefix) uses the IANA database via luxon — even when
 *    the file has a VTIMEZONE for it: tzdata is current where exported
 *    definitions are often stale (pre-2007 US rules, Mexico before 2022), it
 *    resolves DST gaps and overlaps as RFC 5545 says (ical.js's VTIMEZONE code
 *    picks the later of two 01:30s and moves gap times backwards), and a feed
 *    then reads the same with or without its VTIMEZONEs;
 * 2. any other TZID with a usable VTIMEZONE in the file ("Customized Time
 *    Zone") uses that definition, which ical.js finds per calendar, so two
 *    feeds' custom zones of the same name never collide;
 * 3. a bare offset ("GMT+05:30") becomes a fixed offset;
 * 4. anything else is read in the calendar's zone, with a warning.
 * Luxon-backed zones are registered with ICAL.TimezoneService (where ical.js
 * looks for TZIDs the file does not define) and removed afterwards; safe
 * because everything in between runs synchronously.
 */
function withReferencedZones<T>(calendar: ICAL.Component, context: Context, body: () => T): T {
  const byName = new Map<string, string>();
  const defined = new Set<string>();
  for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
    const tzid = text(vtimezone, "tzid");
    const iana = tzid ? ianaZoneOf(tzid) : null;
    if (tzid && iana) {
      byName.set(tzid, iana);
    } else if (tzid && isUsableVtimezone(vtimezone)) {
      defined.add(tzid);
      continue;
    } else if (tzid) {
      context.warn(`VTIMEZONE "${tzid}" has no usable rules; resolving the name instead.`);
    }
    // Removed so ical.js looks the TZID up in TimezoneService, where the
    // luxon-backed zone is registered below (a VTIMEZONE without rules would
    // otherwise read as UTC).
    calendar.removeSubcomponent(vtimezone);
  }

  const referenced = new Set<string>();
  for (const vevent of calendar.getAllSubcomponents("vevent")) {
    for (const name of TIME_PROPERTIES) {
      for (const property of vevent.getAllProperties(name)) {
        const tzid = property.getParameter("tzid");
        if (typeof tzid === "string" && tzid && !defined.has(tzid)) referenced.add(tzid);
      }
    }
  }

  const previous = new Map<string, ICAL.Timezone | undefined>();
  for (const tzid of referenced) {
    let zone = byName.get(tzid) ?? resolveTimeZoneId(tzid);
    if (!zone) {
      context.warn(`Unknown time zone "${tzid}"; reading its times in ${context.zone}.`);
      zone = context.zone;
    }
    previous.set(tzid, ICAL.TimezoneService.get(tzid));
    ICAL.TimezoneService.register(new LuxonIcalTimezone(tzid, zone), tzid);
  }
  try {
    return body();
  } finally {
    for (const [tzid, zone] of previous) {
      if (zone) ICAL.TimezoneService.register(zone, tzid);
      else ICAL.TimezoneService.remove(tzid);
    }
  }
}

/** The IANA zone a TZID names, if it names one (fixed offsets do not count). */
function ianaZoneOf(tzid: string): string | null {
  const zone = resolveTimeZoneId(tzid);
  return zone && isValidTimeZone(zone) ? zone : null;
}

function isUsableVtimezone(vtimezone: ICAL.Component): boolean {
  return vtimezone
    .getAllSubcomponents()
    .some(
      (part) =>
        (part.name === "standard" || part.name === "daylight") &&
        part.hasProperty("dtstart") &&
        part.hasProperty("tzoffsetto") &&
        part.hasProperty("tzoffsetfrom"),
    );
}

// ---------------------------------------------------------------------------
// One series (all components sharing a UID)

/** How long each occurrence lasts, as the master defines it. */
type Span =
  | { kind: "days"; days: number }
  /** DTEND in DTSTART's zone: the same wall-clock length every time (09:00–10:00 stays 09:00–10:00). */
  | { kind: "wall"; seconds: number; exactMs: number }
  /** DTEND in another zone (a flight): the exact elapsed time. */
  | { kind: "exact"; ms: number }
  /** DURATION: days and weeks are nominal (wall clock), the rest exact (RFC 5545 §3.3.6). */
  | { kind: "duration"; days: number; ms: number };

function expandSeries(uid: string, masters: ICAL.Component[], overrides: ICAL.Component[], context: Context): ProviderEvent[] {
  const master = newest(masters, context, `UID ${uid}`);
  const events: ProviderEvent[] = [];

  const masterStart = master ? startOf(master, context) : null;
  if (master && !masterStart) context.warn(`Skipped event ${uid}: it has no DTSTART.`);
  const allDaySeries = masterStart ? masterStart.isDate : undefined;
  const recurring = !!master && (master.hasProperty("rrule") || master.hasProperty("rdate"));
  const masterSpan = master && masterStart ? spanOf(master, masterStart, context) ?? defaultSpan(masterStart) : null;
  const exclusions = master && masterStart ? exclusionsOf(master, masterStart, context) : null;

  // Overrides first: they replace the generated instance with the same RECURRENCE-ID.
  const overridden = new Set<string>();
  const byKey = new Map<string, ICAL.Component>();
  for (const override of overrides) {
    const recurrenceId = normalize(override.getFirstPropertyValue("recurrence-id") as ICAL.Time, context);
    const key = occurrenceKey(recurrenceId, allDaySeries ?? recurrenceId.isDate, context);
    const existing = byKey.get(key);
    byKey.set(key, existing ? newest([existing, override], context, `UID ${uid}`)! : override);
  }
  for (const [key, override] of byKey) {
    if (String(override.getFirstProperty("recurrence-id")?.getParameter("range") ?? "").toUpperCase() === "THISANDFUTURE") {
      context.warn(`RANGE=THISANDFUTURE on ${uid} is applied to that one instance only.`);
    }
    const recurrenceId = normalize(override.getFirstPropertyValue("recurrence-id") as ICAL.Time, context);
    if (exclusions?.excludes(recurrenceId, key)) continue;
    overridden.add(key);
    const start = startOf(override, context) ?? recurrenceId;
    const span = spanOf(override, start, context) ?? masterSpan ?? defaultSpan(start);
    const startMs = instantOf(start, context);
    const endMs = endOf(start, startMs, span, context);
    if (!overlaps(startMs, endMs, context.range)) continue;
    const isSingle = !recurring && masterStart !== null && key === occurrenceKey(masterStart, masterStart.isDate, context);
    const externalId = isSingle ? uid : `${uid}:${keyLabel(recurrenceId, allDaySeries ?? recurrenceId.isDate, context)}`;
    const event = describe(override, master, { externalId, seriesId: isSingle ? undefined : uid, startMs, endMs, allDay: start.isDate }, context);
    if (event) events.push(event);
  }

  if (!master || !masterStart || !masterSpan || !exclusions) return events;

  for (const start of occurrenceStarts(master, masterStart, context, uid)) {
    const key = occurrenceKey(start, masterStart.isDate, context);
    if (overridden.has(key) || exclusions.excludes(start, key)) continue;
    const startMs = instantOf(start, context);
    const endMs = endOf(start, startMs, masterSpan, context);
    if (!overlaps(startMs, endMs, context.range)) continue;
    const externalId = recurring ? `${uid}:${keyLabel(start, masterStart.isDate, context)}` : uid;
    const event = describe(master, null, { externalId, seriesId: recurring ? uid : undefined, startMs, endMs, allDay: masterStart.isDate }, context);
    if (event) events.push(event);
  }
  return events;
}

/**
 * The starts of a master's instances in order, up to the end of the range:
 * DTSTART, every RRULE's instances and every RDATE, merged and deduplicated.
 */
function* occurrenceStarts(master: ICAL.Component, dtstart: ICAL.Time, context: Context, uid: string): Generator<ICAL.Time> {
  const streams: Stream[] = [new ListStream([dtstart], context)];
  const step = stepCounter(context, uid);

  const rdates = master
    .getAllProperties("rdate")
    .flatMap((property) => property.getValues() as (ICAL.Time | ICAL.Period)[])
    .map((value) => normalize(value instanceof ICAL.Period ? value.start : value, context))
    // Match the series' value type: a DATE in a timed series starts at DTSTART's time of day.
    .map((time) =>
      dtstart.isDate === time.isDate
        ? time
        : dtstart.isDate
          ? dateOnly(time)
          : atWallTime(time, dtstart.hour, dtstart.minute, dtstart.second, dtstart.zone),
    );
  if (rdates.length) streams.push(new ListStream(rdates, context));

  for (const property of master.getAllProperties("rrule")) {
    const rule = property.getFirstValue() as ICAL.Recur;
    const unsafe = unsafeRecurrenceReason(rule, dtstart.isDate);
    if (unsafe) {
      context.warn(`Ignored the recurrence rule of ${uid} (${unsafe}).`);
      continue;
    }
    alignUntil(rule, dtstart);
    capUntil(rule, context.range.end);
    try {
      streams.push(new RuleStream(rule, dtstart, context, uid, step));
    } catch (error) {
      context.warn(`Ignored the recurrence rule of ${uid}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const seen = new Set<string>();
  for (;;) {
    let next: Stream | null = null;
    for (const stream of streams) {
      if (stream.head && (!next || stream.head.ms < next.head!.ms)) next = stream;
    }
    if (!next) return;
    const { time, ms } = next.head!;
    if (ms >= context.range.end) return;
    next.advance();
    const key = occurrenceKey(time, dtstart.isDate, context);
    if (seen.has(key)) continue;
    seen.add(key);
    yield time;
  }
}

/**
 * Counts recurrence steps against the per-series cap and the whole text's
 * budget; false (with a warning) once either is spent.
 */
function stepCounter(context: Context, uid: string): () => boolean {
  let steps = 0;
  return () => {
    if (++steps > context.maxIterations) {
      if (steps === context.maxIterations + 1) context.warn(`Stopped expanding ${uid} after ${context.maxIterations} instances.`);
      return false;
    }
    const budget = context.budget;
    if (budget.exhausted) return false;
    // The clock is read every 256 steps: cheap, and one step is short.
    if (--budget.remaining < 0 || (budget.remaining % 256 === 0 && performance.now() > budget.deadline)) {
      budget.exhausted = true;
      context.warn("Stopped expanding recurrences: the calendar needs too much work.");
      return false;
    }
    return true;
  };
}

interface Stream {
  head: { time: ICAL.Time; ms: number } | null;
  advance(): void;
}

class ListStream implements Stream {
  private readonly items: { time: ICAL.Time; ms: number }[];
  private index = 0;
  head: { time: ICAL.Time; ms: number } | null;

  constructor(times: ICAL.Time[], context: Context) {
    this.items = times.map((time) => ({ time, ms: instantOf(time, context) })).sort((a, b) => a.ms - b.ms);
    this.head = this.items[0] ?? null;
  }

  advance(): void {
    this.head = this.items[++this.index] ?? null;
  }
}

class RuleStream implements Stream {
  private readonly iterator: ICAL.RecurIterator;
  head: { time: ICAL.Time; ms: number } | null = null;

  constructor(
    private readonly rule: ICAL.Recur,
    private readonly dtstart: ICAL.Time,
    private readonly context: Context,
    private readonly uid: string,
    private readonly step: () => boolean,
  ) {
    this.iterator = rule.iterator(dtstart);
    this.advance();
  }

  advance(): void {
    try {
      for (;;) {
        if (!this.step()) {
          this.head = null;
          return;
        }
        const time = this.iterator.next();
        if (!time) {
          this.head = null;
          return;
        }
        // The iterator reuses its Time object: keep a copy.
        const copy = time.clone();
        if (copy.compare(this.dtstart) !== 0 && !occurrenceMatchesRule(this.rule, copy)) continue;
        this.head = { time: copy, ms: instantOf(copy, this.context) };
        return;
      }
    } catch (error) {
      this.context.warn(`Stopped expanding ${this.uid}: ${error instanceof Error ? error.message : String(error)}`);
      this.head = null;
    }
  }
}

/**
 * UNTIL must be UTC for a zoned DTSTART and of the same value type; feeds
 * write floating or DATE values too. Read a floating UNTIL in DTSTART's zone,
 * and a DATE UNTIL as the end of that day, so the last instance is kept.
 */
function alignUntil(rule: ICAL.Recur, dtstart: ICAL.Time): void {
  const until = rule.until;
  if (!until || dtstart.isDate) return;
  if (until.isDate) rule.until = atWallTime(until, 23, 59, 59, dtstart.zone);
  else if (until.zone === ICAL.Timezone.localTimezone) rule.until = atWallTime(until, until.hour, until.minute, until.second, dtstart.zone);
}

/**
 * Nothing after the range is needed, so UNTIL is brought forward to just past
 * it. Besides saving work this bounds ical.js's own searches: for a YEARLY
 * rule it cannot satisfy it tries every year up to UNTIL, or to the year
 * 20000 without one (seconds of CPU per event).
 */
function capUntil(rule: ICAL.Recur, rangeEnd: number): void {
  const cap = utcTime(rangeEnd + 2 * 86_400_000);
  if (!rule.until || rule.until.compare(cap) > 0) rule.until = cap;
}

function utcTime(instant: number): ICAL.Time {
  const date = new Date(instant);
  return new ICAL.Time(
    {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: date.getUTCHours(),
      minute: date.getUTCMinutes(),
      second: date.getUTCSeconds(),
      isDate: false,
    },
    ICAL.Timezone.utcTimezone,
  );
}

/** EXDATE as instants (DATE-TIME values) and days (DATE values exclude the whole day). */
function exclusionsOf(master: ICAL.Component, dtstart: ICAL.Time, context: Context) {
  const keys = new Set<string>();
  const days = new Set<string>();
  for (const property of master.getAllProperties("exdate")) {
    for (const value of property.getValues() as ICAL.Time[]) {
      const time = normalize(value, context);
      if (time.isDate) days.add(dateOf(time));
      else keys.add(occurrenceKey(time, dtstart.isDate, context));
    }
  }
  return {
    excludes(start: ICAL.Time, key: string): boolean {
      return keys.has(key) || (days.size > 0 && days.has(dateOf(start)));
    },
  };
}

// ---------------------------------------------------------------------------
// Times

/** Floating date-times (no TZID, no Z) read in the calendar's zone. */
function normalize(time: ICAL.Time, context: Context): ICAL.Time {
  if (time.isDate || time.zone !== ICAL.Timezone.localTimezone) return time;
  return new ICAL.Time(
    { year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute, second: time.second, isDate: false },
    context.floating,
  );
}

function dateOnly(time: ICAL.Time): ICAL.Time {
  return new ICAL.Time({ year: time.year, month: time.month, day: time.day, isDate: true }, ICAL.Timezone.localTimezone);
}

/** `date`'s day at the given wall-clock time in `zone`. */
function atWallTime(date: ICAL.Time, hour: number, minute: number, second: number, zone: ICAL.Timezone): ICAL.Time {
  return new ICAL.Time({ year: date.year, month: date.month, day: date.day, hour, minute, second, isDate: false }, zone);
}

function instantOf(time: ICAL.Time, context: Context): number {
  if (time.isDate) return startOfZonedDay(dateOf(time), context.zone);
  return normalize(time, context).toUnixTime() * 1000;
}

/** The wall-clock date of `time` in its own zone, YYYY-MM-DD. */
function dateOf(time: ICAL.Time): string {
  return new Date(Date.UTC(time.year, time.month - 1, time.day)).toISOString().slice(0, 10);
}

/** Identifies an instance of a series: its day for all-day series, its instant otherwise. */
function occurrenceKey(time: ICAL.Time, allDaySeries: boolean, context: Context): string {
  return allDaySeries ? dateOf(time) : String(instantOf(time, context));
}

/** The readable form of an instance's id, after "UID:": 2026-03-02 or 2026-03-02T14:00:00.000Z. */
function keyLabel(time: ICAL.Time, allDaySeries: boolean, context: Context): string {
  return allDaySeries ? dateOf(time) : new Date(instantOf(time, context)).toISOString();
}

function startOf(component: ICAL.Component, context: Context): ICAL.Time | null {
  const value = component.getFirstPropertyValue("dtstart") as ICAL.Time | null;
  return value ? normalize(value, context) : null;
}

function spanOf(component: ICAL.Component, start: ICAL.Time, context: Context): Span | null {
  const duration = component.getFirstPropertyValue("duration") as ICAL.Duration | null;
  const rawEnd = component.getFirstPropertyValue("dtend") as ICAL.Time | null;

  if (start.isDate) {
    if (rawEnd) return { kind: "days", days: Math.max(1, daysBetween(dateOf(start), dateOf(rawEnd))) };
    if (duration) return { kind: "days", days: Math.max(1, Math.ceil(durationSeconds(duration) / 86_400)) };
    return null;
  }
  if (rawEnd) {
    const end = rawEnd.isDate ? atWallTime(rawEnd, 0, 0, 0, start.zone) : normalize(rawEnd, context);
    const exactMs = Math.max(0, (end.toUnixTime() - start.toUnixTime()) * 1000);
    if (end.zone === start.zone || end.zone.tzid === start.zone.tzid) {
      return { kind: "wall", seconds: Math.max(0, (wallMs(end) - wallMs(start)) / 1000), exactMs };
    }
    return { kind: "exact", ms: exactMs };
  }
  if (duration) {
    if (duration.isNegative) return { kind: "exact", ms: 0 };
    return {
      kind: "duration",
      days: duration.weeks * 7 + duration.days,
      ms: (duration.hours * 3600 + duration.minutes * 60 + duration.seconds) * 1000,
    };
  }
  return null;
}

/** RFC 5545 §3.6.1: without DTEND or DURATION a date lasts one day and a date-time is an instant. */
function defaultSpan(start: ICAL.Time): Span {
  return start.isDate ? { kind: "days", days: 1 } : { kind: "exact", ms: 0 };
}

function endOf(start: ICAL.Time, startMs: number, span: Span | null, context: Context): number {
  const effective = span ?? defaultSpan(start);
  if (start.isDate) {
    const days = effective.kind === "days" ? effective.days : 1;
    return startOfZonedDay(addDays(dateOf(start), days), context.zone);
  }
  switch (effective.kind) {
    case "days":
      return startMs + effective.days * 86_400_000;
    case "exact":
      return startMs + effective.ms;
    case "wall": {
      const end = start.clone();
      end.addDuration(ICAL.Duration.fromSeconds(effective.seconds));
      const endMs = instantOf(end, context);
      // Only a DST gap can put the wall-clock end at or before the start.
      return endMs > startMs || effective.seconds === 0 ? endMs : startMs + effective.exactMs;
    }
    case "duration": {
      const end = start.clone();
      end.addDuration(new ICAL.Duration({ days: effective.days }));
      return Math.max(startMs, instantOf(end, context) + effective.ms);
    }
  }
}

function durationSeconds(duration: ICAL.Duration): number {
  return duration.isNegative ? 0 : duration.toSeconds();
}

/** The wall clock a time shows, read as if it were UTC (for wall-clock differences). */
function wallMs(time: ICAL.Time): number {
  return Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second);
}

function overlaps(start: number, end: number, range: Interval): boolean {
  if (end <= start) return start >= range.start && start < range.end;
  return start < range.end && end > range.start;
}

// ---------------------------------------------------------------------------
// What an occurrence says

function describe(
  component: ICAL.Component,
  master: ICAL.Component | null,
  at: { externalId: string; seriesId?: string; startMs: number; endMs: number; allDay: boolean },
  context: Context,
): ProviderEvent | null {
  const status = statusOf(component);
  if (status === "cancelled" && !context.includeCancelled) return null;

  const event: ProviderEvent = {
    externalId: at.externalId,
    title: text(component, "summary") ?? (master ? text(master, "summary") : undefined) ?? "",
    start: at.startMs,
    end: Math.max(at.startMs, at.endMs),
    allDay: at.allDay,
    status,
    showAs: isFree(component) ? "free" : "busy",
  };
  if (at.seriesId) event.seriesId = at.seriesId;
  const description = text(component, "description") ?? (master ? text(master, "description") : undefined);
  if (description) event.description = description;
  const location = text(component, "location") ?? (master ? text(master, "location") : undefined);
  if (location) event.location = location;
  const selfResponse = selfResponseOf(component, context) ?? (master ? selfResponseOf(master, context) : undefined);
  if (selfResponse) event.selfResponse = selfResponse;
  const conferenceUrl = conferenceUrlOf(component) ?? (master ? conferenceUrlOf(master) : undefined);
  if (conferenceUrl) event.conferenceUrl = conferenceUrl;
  if (context.etag) event.etag = context.etag;
  const lastModified = component.getFirstPropertyValue("last-modified") as ICAL.Time | null;
  if (lastModified && typeof lastModified === "object" && !lastModified.isDate) event.updatedAt = instantOf(lastModified, context);
  return event;
}

function statusOf(component: ICAL.Component): ProviderEvent["status"] {
  const status = text(component, "status")?.toUpperCase();
  if (status === "CANCELLED") return "cancelled";
  if (status === "TENTATIVE") return "tentative";
  return "confirmed";
}

function isFree(component: ICAL.Component): boolean {
  if (text(component, "transp")?.toUpperCase() === "TRANSPARENT") return true;
  // Outlook says it here when TRANSP is absent or disagrees.
  return text(component, "x-microsoft-cdo-busystatus")?.toUpperCase() === "FREE";
}

const PARTSTAT: Record<string, ProviderEvent["selfResponse"]> = {
  ACCEPTED: "accepted",
  DECLINED: "declined",
  TENTATIVE: "tentative",
  "NEEDS-ACTION": "needsAction",
  // Delegated to someone else: the owner will not be there.
  DELEGATED: "declined",
};

function selfResponseOf(component: ICAL.Component, context: Context): ProviderEvent["selfResponse"] | undefined {
  if (context.selfEmails.size === 0) return undefined;
  for (const attendee of component.getAllProperties("attendee")) {
    if (!isSelf(attendee, context)) continue;
    const partstat = attendee.getParameter("partstat");
    return PARTSTAT[typeof partstat === "string" ? partstat.toUpperCase() : "NEEDS-ACTION"] ?? "needsAction";
  }
  const organizer = component.getFirstProperty("organizer");
  if (organizer && isSelf(organizer, context)) return "accepted";
  return undefined;
}

function isSelf(property: ICAL.Property, context: Context): boolean {
  const value = String(property.getFirstValue() ?? "").replace(/^mailto:/i, "").trim().toLowerCase();
  const email = property.getParameter("email");
  return context.selfEmails.has(value) || (typeof email === "string" && context.selfEmails.has(email.trim().toLowerCase()));
}

function conferenceUrlOf(component: ICAL.Component): string | undefined {
  for (const name of ["x-google-conference", "x-microsoft-skypeteamsmeetingurl", "x-microsoft-onlinemeetingconflink", "conference"]) {
    for (const property of component.getAllProperties(name)) {
      const value = String(property.getFirstValue() ?? "").trim();
      if (/^https?:\/\//i.test(value)) return value;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Helpers

function text(component: ICAL.Component, name: string): string | undefined {
  const value = component.getFirstPropertyValue(name);
  if (value === null || value === undefined) return undefined;
  const string = String(value).trim();
  return string === "" ? undefined : string;
}

/** The authoritative copy among components of one UID (or one instance): highest SEQUENCE, then the later one. */
function newest(components: ICAL.Component[], context: Context, what: string): ICAL.Component | null {
  if (components.length === 0) return null;
  if (components.length > 1) context.warn(`${what} appears ${components.length} times; using the highest SEQUENCE.`);
  return components.reduce((best, candidate) => (sequenceOf(candidate) >= sequenceOf(best) ? candidate : best));
}

function sequenceOf(component: ICAL.Component): number {
  const value = Number(component.getFirstPropertyValue("sequence"));
  return Number.isFinite(value) ? value : 0;
}

/** A stable id for a VEVENT without UID (invalid, but seen): derived from what it says. */
function syntheticUid(vevent: ICAL.Component): string {
  const source = ["dtstart", "dtend", "summary", "rrule"].map((name) => String(vevent.getFirstProperty(name)?.toICALString() ?? "")).join("|");
  let hash = 0x811c9dc5;
  for (let i = 0; i < source.length; i++) {
    hash ^= source.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `no-uid-${hash.toString(16).padStart(8, "0")}`;
}
