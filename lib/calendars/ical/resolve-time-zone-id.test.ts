import { IANAZone, Info } from "luxon";
import { describe, expect, it } from "vitest";
import { resolveTimeZoneId } from "./resolve-time-zone-id";
import { WINDOWS_DISPLAY_NAME_TO_IANA, WINDOWS_TO_IANA } from "./windows-time-zones";

describe("resolveTimeZoneId", () => {
  it.each([
    ["Europe/Berlin", "Europe/Berlin"],
    ["america/new_york", "America/New_York"],
    ['"America/Chicago"', "America/Chicago"],
    ["US/Eastern", "US/Eastern"],
    ["Eastern Standard Time", "America/New_York"],
    ["eastern standard time", "America/New_York"],
    ["Pacific Daylight Time", "America/Los_Angeles"],
    ["W. Europe Standard Time", "Europe/Berlin"],
    ["AUS Eastern Standard Time", "Australia/Sydney"],
    ["Lord Howe Standard Time", "Australia/Lord_Howe"],
    ["India Standard Time", "Asia/Kolkata"],
    ["(UTC-05:00) Eastern Time (US & Canada)", "America/New_York"],
    ["(GMT+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna", "Europe/Berlin"],
    ["(UTC+03:30) Tehran", "UTC+3:30"],
    ["(UTC) Coordinated Universal Time", "Etc/UTC"],
    ["/mozilla.org/20050126_1/Europe/Berlin", "Europe/Berlin"],
    ["/freeassociation.sourceforge.net/Tzfile/America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"],
    ["/citadel.org/20190914_1/Asia/Tokyo", "Asia/Tokyo"],
    ["tzone://Microsoft/Utc", "UTC"],
    ["Z", "UTC"],
    ["GMT+05:30", "UTC+5:30"],
    ["UTC-8", "UTC-8"],
    ["CEST", "Europe/Berlin"],
  ])("%s → %s", (tzid, zone) => {
    expect(resolveTimeZoneId(tzid)).toBe(zone);
  });

  it.each(["", "Customized Time Zone", "Middle Earth/Shire", "GMT+99:00", "tzone://Microsoft/Custom"])("%j → null", (tzid) => {
    expect(resolveTimeZoneId(tzid)).toBeNull();
  });

  it("maps every Windows name to a zone the runtime knows", () => {
    for (const [windows, iana] of [...Object.entries(WINDOWS_TO_IANA), ...Object.entries(WINDOWS_DISPLAY_NAME_TO_IANA)]) {
      expect(IANAZone.isValidZone(iana), `${windows} → ${iana}`).toBe(true);
    }
  });

  it("always answers a zone luxon can compute with", () => {
    for (const tzid of ["Tokyo Standard Time", "(UTC+05:45) Kathmandu", "GMT-03:30", "/softwarestudio.org/Olson_20011030_5/America/Denver"]) {
      expect(Info.normalizeZone(resolveTimeZoneId(tzid)!).isValid, tzid).toBe(true);
    }
  });
});
