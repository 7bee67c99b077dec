/**
 * Outlook speaks Windows time-zone names ("W. Europe Standard Time") as well as IANA names:
 * resolves what clients send in start.timeZone and `Prefer: outlook.timezone`.
 * The table is CLDR's windowsZones mapping — published data, not app logic — so the emulator
 * shares the app's copy rather than keeping a second one that could drift.
 */
import { WINDOWS_TO_IANA } from "../../../lib/calendars/ical/windows-time-zones";
import { isIanaZone } from "../shared/zoned-time";

export { WINDOWS_TO_IANA };


const LOWER = new Map(Object.entries(WINDOWS_TO_IANA).map(([k, v]) => [k.toLowerCase(), v]));

/** A Windows or IANA zone name → IANA zone, or null when Outlook would not know it either. */
export function resolveOutlookZone(name: unknown): string | null {
  if (typeof name !== "string" || name.trim() === "") return null;
  const trimmed = name.trim();
  const windows = LOWER.get(trimmed.toLowerCase());
  if (windows && isIanaZone(windows)) return windows;
  if (/^(utc|gmt|etc\/utc|coordinated universal time)$/i.test(trimmed)) return "Etc/UTC";
  return isIanaZone(trimmed) ? trimmed : null;
}
