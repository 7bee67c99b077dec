/**
 * A VTIMEZONE for an IANA zone, built from the IANA database (luxon), so an
 * event written with DTSTART;TZID=Europe/Berlin carries the definition RFC
 * 5545 requires and any client reads the same instants. Transitions are
 * listed explicitly (one STANDARD/DAYLIGHT per change, no RRULE) for the
 * period the event needs plus a year either side: exact even for zones whose
 * rules changed recently or never followed a yearly pattern.
 */
import ICAL from "ical.js";
import { DateTime, Info } from "luxon";
import { DAY_MS, MINUTE_MS } from "../../time";

const YEAR_MS = 366 * DAY_MS;

/** Null for UTC and for names luxon does not know (callers then write UTC times). */
export function buildVtimezone(zone: string, covering: { start: number; end: number }): ICAL.Component | null {
  const z = Info.normalizeZone(zone);
  if (!z.isValid || z.isUniversal && z.offset(0) === 0) return null;

  const from = covering.start - YEAR_MS;
  const to = covering.end + YEAR_MS;
  const vtimezone = new ICAL.Component("vtimezone");
  vtimezone.addPropertyWithValue("tzid", zone);

  const initial = z.offset(from);
  vtimezone.addSubcomponent(observance(zone, from, initial, initial));
  for (const change of transitions(zone, from, to)) {
    vtimezone.addSubcomponent(observance(zone, change.at, change.before, change.after));
  }
  return vtimezone;
}

/** Instants in [from, to) at which `zone`'s UTC offset changes, to the minute. */
function transitions(zone: string, from: number, to: number): { at: number; before: number; after: number }[] {
  const z = Info.normalizeZone(zone);
  const found: { at: number; before: number; after: number }[] = [];
  // Offsets never change twice within a day, so daily samples bracket every change.
  let previous = z.offset(from);
  for (let t = from + DAY_MS; t < to + DAY_MS; t += DAY_MS) {
    const current = z.offset(t);
    if (current === previous) continue;
    let low = t - DAY_MS;
    let high = t;
    while (high - low > MINUTE_MS) {
      const middle = low + Math.floor((high - low) / 2 / MINUTE_MS) * MINUTE_MS;
      if (z.offset(middle) === previous) low = middle;
      else high = middle;
    }
    if (high >= from && high < to) found.push({ at: high, before: previous, after: current });
    previous = current;
  }
  return found;
}

/**
 * One observance: in force from `at`. DTSTART is the local time at the change
 * read with the offset before it (RFC 5545 §3.6.5).
 */
function observance(zone: string, at: number, before: number, after: number): ICAL.Component {
  const daylight = DateTime.fromMillis(at, { zone }).isInDST;
  const component = new ICAL.Component(daylight ? "daylight" : "standard");
  const local = new Date(at + before * MINUTE_MS);
  component.addPropertyWithValue(
    "dtstart",
    new ICAL.Time(
      {
        year: local.getUTCFullYear(),
        month: local.getUTCMonth() + 1,
        day: local.getUTCDate(),
        hour: local.getUTCHours(),
        minute: local.getUTCMinutes(),
        second: 0,
        isDate: false,
      },
      ICAL.Timezone.localTimezone,
    ),
  );
  component.addPropertyWithValue("tzoffsetfrom", ICAL.UtcOffset.fromSeconds(before * 60));
  component.addPropertyWithValue("tzoffsetto", ICAL.UtcOffset.fromSeconds(after * 60));
  const name = DateTime.fromMillis(at, { zone }).setLocale("en-US").offsetNameShort;
  if (name) component.addPropertyWithValue("tzname", name);
  return component;
}
