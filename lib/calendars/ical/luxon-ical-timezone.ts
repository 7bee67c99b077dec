/**
 * An ICAL.Timezone whose offsets come from the IANA database (via luxon)
 * instead of a VTIMEZONE component. Used for TZIDs a calendar references
 * without defining (Windows names, bare IANA names) and for floating times, so
 * ical.js never silently treats them as floating — whose instants would then
 * depend on the process's own zone.
 */
import ICAL from "ical.js";
import { DAY_MS, MINUTE_MS, zonedTimeToInstant } from "../../time";

export class LuxonIcalTimezone extends ICAL.Timezone {
  constructor(
    tzid: string,
    /** A zone luxon understands: IANA name or fixed offset ("UTC+5:30"). */
    readonly luxonZone: string,
  ) {
    super({ tzid });
  }

  /**
   * Seconds to add to UTC to get the wall clock `tt` shows in this zone. The
   * wall time is resolved as RFC 5545 §3.3.5 asks: a time skipped by a DST jump
   * moves forward by the gap, a time that happens twice means the first one
   * (both exactly what zonedTimeToInstant does).
   */
  override utcOffset(tt: ICAL.Time): number {
    const wall = Date.UTC(tt.year, tt.month - 1, tt.day, tt.hour, tt.minute, tt.second);
    const midnight = Math.floor(wall / DAY_MS) * DAY_MS;
    const minutes = Math.floor((wall - midnight) / MINUTE_MS);
    const seconds = wall - midnight - minutes * MINUTE_MS;
    const date = new Date(midnight).toISOString().slice(0, 10);
    const instant = zonedTimeToInstant(date, minutes, this.luxonZone) + seconds;
    return (wall - instant) / 1000;
  }
}
