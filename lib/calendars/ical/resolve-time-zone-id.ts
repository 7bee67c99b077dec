/**
 * Turns whatever a calendar writes in TZID into a zone luxon understands.
 * Real feeds carry IANA names ("Europe/Berlin"), Windows names ("W. Europe
 * Standard Time"), Outlook display names ("(UTC+01:00) Amsterdam, Berlin, …"),
 * vendor-prefixed IANA names ("/mozilla.org/20050126_1/Europe/Berlin",
 * "/freeassociation.sourceforge.net/Tzfile/Europe/Berlin") and raw offsets.
 */
import { IANAZone, Info } from "luxon";
import { WINDOWS_DISPLAY_NAME_TO_IANA, WINDOWS_TO_IANA } from "./windows-time-zones";

const lowerCaseKeys = (table: Readonly<Record<string, string>>) =>
  new Map(Object.entries(table).map(([key, value]) => [key.toLowerCase(), value]));

const WINDOWS = lowerCaseKeys(WINDOWS_TO_IANA);
const DISPLAY_NAMES = lowerCaseKeys(WINDOWS_DISPLAY_NAME_TO_IANA);

/** Abbreviations some generators write as TZID that are not IANA names themselves. */
const ABBREVIATIONS = lowerCaseKeys({
  PDT: "America/Los_Angeles",
  MDT: "America/Denver",
  CDT: "America/Chicago",
  EDT: "America/New_York",
  AKST: "America/Anchorage",
  AKDT: "America/Anchorage",
  BST: "Europe/London",
  IST: "Asia/Kolkata",
  CEST: "Europe/Berlin",
  EEST: "Europe/Athens",
  WEST: "Europe/Lisbon",
  JST: "Asia/Tokyo",
  KST: "Asia/Seoul",
  AEST: "Australia/Sydney",
  AEDT: "Australia/Sydney",
  ACST: "Australia/Adelaide",
  ACDT: "Australia/Adelaide",
  AWST: "Australia/Perth",
  NZST: "Pacific/Auckland",
  NZDT: "Pacific/Auckland",
});

const UTC_NAMES = new Set(["z", "utc", "gmt", "etc/utc", "etc/gmt", "ut", "tzone://microsoft/utc", "universal", "zulu"]);

/** "(UTC-05:00) Eastern Time (US & Canada)", "(GMT+01:00) Amsterdam, …", "(UTC) Coordinated Universal Time". */
const DISPLAY_NAME = /^\((?:UTC|GMT)\s*(?:([+-])(\d{1,2})(?::?(\d{2}))?)?\)\s*(.*)$/i;
/** "GMT+01:00", "UTC-5", "+0530". */
const RAW_OFFSET = /^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i;

/**
 * A luxon zone name for `tzid` — an IANA name where one is known, otherwise a
 * fixed offset such as "UTC+5:30" — or null when the TZID means nothing we
 * know (the caller then falls back to the calendar's default zone).
 */
export function resolveTimeZoneId(tzid: string): string | null {
  const value = tzid.trim().replace(/^"(.*)"$/, "$1").trim();
  if (value === "") return null;
  const lower = value.toLowerCase();

  if (UTC_NAMES.has(lower)) return "UTC";
  if (IANAZone.isValidZone(value)) return canonicalCase(value);

  const windows = WINDOWS.get(lower) ?? WINDOWS.get(lower.replace(/ daylight time$/, " standard time"));
  if (windows) return windows;

  const abbreviation = ABBREVIATIONS.get(lower);
  if (abbreviation) return abbreviation;

  // Vendor prefixes: keep the longest trailing path that is an IANA name.
  if (value.includes("/")) {
    const segments = value.split("/").filter(Boolean);
    for (let take = Math.min(3, segments.length); take >= 2; take--) {
      const candidate = segments.slice(-take).join("/");
      if (IANAZone.isValidZone(candidate)) return canonicalCase(candidate);
    }
  }

  const display = DISPLAY_NAME.exec(value);
  if (display) {
    const [, sign, hours, minutes, name] = display;
    const named = DISPLAY_NAMES.get(name.trim().toLowerCase()) ?? WINDOWS.get(name.trim().toLowerCase());
    if (named) return named;
    return sign ? fixedOffsetZone(sign, hours, minutes) : "UTC";
  }

  const offset = RAW_OFFSET.exec(value);
  if (offset) return fixedOffsetZone(offset[1], offset[2], offset[3]);

  return null;
}

/** "america/new_york" → "America/New_York"; leaves correctly written names (and links) alone. */
function canonicalCase(zone: string): string {
  try {
    const resolved = new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
    return resolved.toLowerCase() === zone.toLowerCase() ? resolved : zone;
  } catch {
    return zone;
  }
}

function fixedOffsetZone(sign: string, hours: string, minutes: string | undefined): string | null {
  const h = Number(hours);
  const m = Number(minutes ?? 0);
  if (h > 14 || m > 59) return null;
  if (h === 0 && m === 0) return "UTC";
  const zone = `UTC${sign}${h}${m ? `:${String(m).padStart(2, "0")}` : ""}`;
  return Info.normalizeZone(zone).isValid ? zone : null;
}
