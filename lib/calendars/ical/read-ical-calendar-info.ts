/**
 * What a calendar file says about itself: the name and zone feeds carry as
 * X-WR-CALNAME / X-WR-TIMEZONE (Google, Apple, Outlook) and how many events
 * it holds — enough to name a subscribed feed and to check that a URL really
 * serves a calendar.
 */
import { isValidTimeZone } from "../../time";
import { parseIcalendar } from "./parse-icalendar";
import { resolveTimeZoneId } from "./resolve-time-zone-id";

export interface IcalCalendarInfo {
  name?: string;
  description?: string;
  /** IANA zone named by X-WR-TIMEZONE, when it names one. */
  timeZone?: string;
  /** VEVENT components, overrides included. */
  eventCount: number;
}

/** Throws InvalidIcalendarError when `ics` is not iCalendar. */
export function readIcalCalendarInfo(ics: string): IcalCalendarInfo {
  const info: IcalCalendarInfo = { eventCount: 0 };
  for (const calendar of parseIcalendar(ics)) {
    info.name ??= textOf(calendar.getFirstPropertyValue("x-wr-calname")) ?? textOf(calendar.getFirstPropertyValue("name"));
    info.description ??= textOf(calendar.getFirstPropertyValue("x-wr-caldesc")) ?? textOf(calendar.getFirstPropertyValue("description"));
    const declared = textOf(calendar.getFirstPropertyValue("x-wr-timezone"));
    const zone = declared ? resolveTimeZoneId(declared) : null;
    if (zone && isValidTimeZone(zone)) info.timeZone ??= zone;
    info.eventCount += calendar.getAllSubcomponents("vevent").length;
  }
  return info;
}

function textOf(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const text = String(value).trim();
  return text === "" ? undefined : text;
}
