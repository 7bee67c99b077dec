/** The iCalendar toolkit shared by the CalDAV and ICS adapters (and sync). */
export { expandIcalEvents, type ExpandIcalOptions } from "./expand-ical-events";
export { buildIcalEvent, icalUidFor, type BuildIcalEventOptions } from "./build-ical-event";
export { buildVtimezone } from "./build-vtimezone";
export { parseIcalendar, InvalidIcalendarError } from "./parse-icalendar";
export { readIcalCalendarInfo, type IcalCalendarInfo } from "./read-ical-calendar-info";
export { resolveTimeZoneId } from "./resolve-time-zone-id";
export { syncWindowFor, windowCovers, SYNC_WINDOW_SLACK_MS } from "./sync-window";
