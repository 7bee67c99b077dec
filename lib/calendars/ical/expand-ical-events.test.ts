import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ProviderEvent } from "../provider";
import { buildVtimezone } from "./build-vtimezone";
import { expandIcalEvents, type ExpandIcalOptions } from "./expand-ical-events";
import { InvalidIcalendarError } from "./parse-icalendar";
import ICAL from "ical.js";

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8");
const utc = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

/** Wraps VEVENT/VTIMEZONE blocks in a VCALENDAR (with optional calendar properties). */
function calendar(body: string, head = ""): string {
  return ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Kairos tests//EN", head, body.trim(), "END:VCALENDAR"]
    .filter(Boolean)
    .join("\r\n");
}

/** [externalId, start, end] rows: the shape most assertions compare. */
function rows(events: ProviderEvent[]): [string, string, string][] {
  return events.map((event) => [event.externalId, iso(event.start), iso(event.end)]);
}

function expand(ics: string, options: Partial<ExpandIcalOptions> = {}) {
  const warnings: string[] = [];
  const events = expandIcalEvents(ics, {
    range: { start: utc("2026-01-01T00:00:00Z"), end: utc("2027-01-01T00:00:00Z") },
    onWarning: (message) => warnings.push(message),
    ...options,
  });
  return { events, warnings };
}

const MARCH_APRIL = { start: utc("2026-03-01T00:00:00Z"), end: utc("2026-05-01T00:00:00Z") };

describe("expandIcalEvents — a Google Calendar export", () => {
  const { events, warnings } = expand(fixture("google-export.ics"), {
    range: MARCH_APRIL,
    selfEmails: ["alex@example.com"],
  });
  const series = "7f3a9c2e1b4d4e0fa1c2b3d4e5f60718@google.com";

  it("expands the weekly MO,WE series with its EXDATE, moved, retimed and cancelled instances across the DST change", () => {
    expect(rows(events.filter((event) => event.seriesId === series))).toEqual([
      [`${series}:2026-03-02T14:30:00.000Z`, "2026-03-02T14:30:00.000Z", "2026-03-02T15:00:00.000Z"],
      [`${series}:2026-03-04T14:30:00.000Z`, "2026-03-04T14:30:00.000Z", "2026-03-04T15:00:00.000Z"],
      // 9 March: clocks went forward on the 8th, 09:30 is now 13:30Z.
      [`${series}:2026-03-09T13:30:00.000Z`, "2026-03-09T13:30:00.000Z", "2026-03-09T14:00:00.000Z"],
      // 11 March excluded by EXDATE; 16 March moved to Tuesday 17th 14:00–14:30 (id keeps the original slot).
      [`${series}:2026-03-16T13:30:00.000Z`, "2026-03-17T18:00:00.000Z", "2026-03-17T18:30:00.000Z"],
      [`${series}:2026-03-18T13:30:00.000Z`, "2026-03-18T13:30:00.000Z", "2026-03-18T14:00:00.000Z"],
      [`${series}:2026-03-23T13:30:00.000Z`, "2026-03-23T13:30:00.000Z", "2026-03-23T14:00:00.000Z"],
      // 25 March cancelled by a STATUS:CANCELLED override.
      [`${series}:2026-03-30T13:30:00.000Z`, "2026-03-30T13:30:00.000Z", "2026-03-30T14:00:00.000Z"],
      [`${series}:2026-04-01T13:30:00.000Z`, "2026-04-01T15:00:00.000Z", "2026-04-01T15:30:00.000Z"],
      [`${series}:2026-04-06T13:30:00.000Z`, "2026-04-06T13:30:00.000Z", "2026-04-06T14:00:00.000Z"],
      [`${series}:2026-04-08T13:30:00.000Z`, "2026-04-08T13:30:00.000Z", "2026-04-08T14:00:00.000Z"],
      // UNTIL=20260415T035959Z (end of 14 April in New York): 15 April is not part of it.
      [`${series}:2026-04-13T13:30:00.000Z`, "2026-04-13T13:30:00.000Z", "2026-04-13T14:00:00.000Z"],
    ]);
  });

  it("takes the override's own title and answer, and the master's meeting link", () => {
    const moved = events.find((event) => event.externalId === `${series}:2026-03-16T13:30:00.000Z`)!;
    expect(moved).toMatchObject({ title: "Team sync (moved)", selfResponse: "accepted", status: "confirmed" });
    const late = events.find((event) => event.externalId === `${series}:2026-04-01T13:30:00.000Z`)!;
    expect(late).toMatchObject({ title: "Team sync (late start)", selfResponse: "tentative" });
    expect(late.conferenceUrl).toBe("https://meet.google.com/tsy-ncqw-kpa");
    const first = events.find((event) => event.externalId === `${series}:2026-03-02T14:30:00.000Z`)!;
    expect(first).toMatchObject({
      title: "Team sync",
      description: "Weekly sync.\nAgenda: https://docs.example.com/agenda",
      showAs: "busy",
      allDay: false,
      updatedAt: utc("2026-02-28T10:15:00Z"),
    });
    expect(first.location).toBeUndefined();
  });

  it("keeps 09:00 New York across the spring-forward weekend (COUNT=5)", () => {
    expect(rows(events.filter((event) => event.seriesId === "2b8e0d4c9a7f@google.com")).map((row) => row[1])).toEqual([
      "2026-03-06T14:00:00.000Z",
      "2026-03-07T14:00:00.000Z",
      "2026-03-08T13:00:00.000Z",
      "2026-03-09T13:00:00.000Z",
      "2026-03-10T13:00:00.000Z",
    ]);
  });

  it("reads a multi-day all-day event as local midnights in the feed's X-WR-TIMEZONE, end exclusive, free when transparent", () => {
    expect(events.find((event) => event.externalId === "offsite-2026-q1@google.com")).toEqual({
      externalId: "offsite-2026-q1@google.com",
      title: "Team offsite",
      start: utc("2026-03-18T04:00:00Z"),
      end: utc("2026-03-21T04:00:00Z"),
      allDay: true,
      status: "confirmed",
      showAs: "free",
      updatedAt: utc("2026-01-10T09:00:00Z"),
    });
  });

  it("resolves a second zone, UTC times, declined invitations and meeting links", () => {
    expect(rows(events.filter((event) => event.externalId === "berlin-workshop-11@google.com"))).toEqual([
      ["berlin-workshop-11@google.com", "2026-03-30T07:00:00.000Z", "2026-03-30T15:00:00.000Z"],
    ]);
    expect(events.find((event) => event.externalId === "berlin-workshop-11@google.com")!.location).toBe(
      "Factory Berlin, Rheinsberger Str. 76/77, 10115 Berlin",
    );
    expect(rows(events.filter((event) => event.externalId === "dentist-5501@google.com"))).toEqual([
      ["dentist-5501@google.com", "2026-03-05T17:00:00.000Z", "2026-03-05T18:00:00.000Z"],
    ]);
    expect(events.find((event) => event.externalId === "vendor-pitch-9@vendor.example")!.selfResponse).toBe("declined");
    // The address matches case-insensitively ("mailto:Alex@Example.com").
    expect(events.find((event) => event.externalId === "design-review-41@google.com")).toMatchObject({
      selfResponse: "accepted",
      conferenceUrl: "https://meet.google.com/abc-defg-hij",
      start: utc("2026-03-19T17:00:00Z"),
    });
  });

  it("leaves out what is outside the range and warns about nothing", () => {
    expect(events.some((event) => event.externalId === "last-year@google.com")).toBe(false);
    expect(rows(events.filter((event) => event.seriesId === "monthly-planning@google.com"))).toEqual([
      ["monthly-planning@google.com:2026-03-05T15:00:00.000Z", "2026-03-05T15:00:00.000Z", "2026-03-05T16:00:00.000Z"],
    ]);
    expect(warnings).toEqual([]);
    expect(new Set(events.map((event) => event.externalId)).size).toBe(events.length);
    expect(events.map((event) => event.start)).toEqual([...events.map((event) => event.start)].sort((a, b) => a - b));
  });
});

describe("expandIcalEvents — an Outlook export (Windows zone names)", () => {
  const { events, warnings } = expand(fixture("outlook-export.ics"), { range: MARCH_APRIL, defaultTimeZone: "America/New_York" });
  const byTitle = (title: string) => events.filter((event) => event.title === title);

  it("expands the Tuesday series in Eastern Standard Time with its EXDATE and moved instance; UNTIL is inclusive", () => {
    expect(byTitle("1:1 with Sam").map((event) => [iso(event.start), iso(event.end)])).toEqual([
      ["2026-03-03T14:00:00.000Z", "2026-03-03T14:30:00.000Z"],
      ["2026-03-10T13:00:00.000Z", "2026-03-10T13:30:00.000Z"],
      ["2026-03-24T15:00:00.000Z", "2026-03-24T15:30:00.000Z"],
      ["2026-03-31T13:00:00.000Z", "2026-03-31T13:30:00.000Z"],
      ["2026-04-07T13:00:00.000Z", "2026-04-07T13:30:00.000Z"],
      ["2026-04-14T13:00:00.000Z", "2026-04-14T13:30:00.000Z"],
      ["2026-04-21T13:00:00.000Z", "2026-04-21T13:30:00.000Z"],
      ["2026-04-28T13:00:00.000Z", "2026-04-28T13:30:00.000Z"],
    ]);
    expect(byTitle("1:1 with Sam")[0].conferenceUrl).toBe("https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjA2");
    expect(byTitle("1:1 with Sam")[2].externalId).toMatch(/:2026-03-24T13:00:00\.000Z$/);
  });

  it("maps W. Europe Standard Time, a Pacific Standard Time without VTIMEZONE, and a Customized Time Zone", () => {
    expect(byTitle("Quarterly review (Frankfurt)").map((event) => iso(event.start))).toEqual(["2026-03-26T13:00:00.000Z"]);
    // 10:00 in Seattle on 12 March is PDT (DST began 8 March), whatever the name says.
    expect(byTitle("Call with Seattle team").map((event) => [iso(event.start), iso(event.end)])).toEqual([
      ["2026-03-12T17:00:00.000Z", "2026-03-12T17:45:00.000Z"],
    ]);
    expect(byTitle("Bangalore sync").map((event) => iso(event.start))).toEqual(["2026-03-13T04:30:00.000Z"]);
  });

  it("reads busy status: OOF all-day is busy, FREE/TRANSPARENT is free, tentative stays tentative, cancelled is left out", () => {
    expect(byTitle("Out of office")[0]).toMatchObject({ allDay: true, showAs: "busy", start: utc("2026-03-20T04:00:00Z"), end: utc("2026-03-21T04:00:00Z") });
    expect(byTitle("Lunch")[0].showAs).toBe("free");
    expect(byTitle("Maybe: hiring sync")[0].status).toBe("tentative");
    expect(byTitle("Canceled: Budget review")).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it("keeps cancelled events when asked", () => {
    const all = expand(fixture("outlook-export.ics"), { range: MARCH_APRIL, includeCancelled: true }).events;
    expect(all.find((event) => event.title === "Canceled: Budget review")!.status).toBe("cancelled");
  });
});

describe("expandIcalEvents — time zones and DST", () => {
  it("keeps wall-clock times in America/New_York across both DST changes", () => {
    const ics = calendar(`
BEGIN:VEVENT
UID:ny
DTSTART;TZID=America/New_York:20260305T090000
DTEND;TZID=America/New_York:20260305T100000
RRULE:FREQ=WEEKLY;BYDAY=TH
END:VEVENT`);
    const starts = (range: { start: string; end: string }) =>
      expand(ics, { range: { start: utc(range.start), end: utc(range.end) } }).events.map((event) => iso(event.start));
    expect(starts({ start: "2026-03-01T00:00:00Z", end: "2026-03-16T00:00:00Z" })).toEqual(["2026-03-05T14:00:00.000Z", "2026-03-12T13:00:00.000Z"]);
    expect(starts({ start: "2026-10-26T00:00:00Z", end: "2026-11-09T00:00:00Z" })).toEqual(["2026-10-29T13:00:00.000Z", "2026-11-05T14:00:00.000Z"]);
  });

  it("resolves Europe/Berlin gap and overlap times as RFC 5545 says (gap → later by the gap, overlap → first)", () => {
    const ics = calendar(`
BEGIN:VEVENT
UID:night
DTSTART;TZID=Europe/Berlin:20260328T023000
DTEND;TZID=Europe/Berlin:20260328T030000
RRULE:FREQ=DAILY;COUNT=3
END:VEVENT
BEGIN:VEVENT
UID:fallback
DTSTART;TZID=Europe/Berlin:20261025T023000
DTEND;TZID=Europe/Berlin:20261025T033000
END:VEVENT`);
    const { events } = expand(ics);
    expect(rows(events)).toEqual([
      ["night:2026-03-28T01:30:00.000Z", "2026-03-28T01:30:00.000Z", "2026-03-28T02:00:00.000Z"],
      // 02:30 does not exist on 29 March: it is read as 03:30 CEST; the end (03:00) is
      // also in the gap, so the event keeps its length.
      ["night:2026-03-29T01:30:00.000Z", "2026-03-29T01:30:00.000Z", "2026-03-29T02:00:00.000Z"],
      ["night:2026-03-30T00:30:00.000Z", "2026-03-30T00:30:00.000Z", "2026-03-30T01:00:00.000Z"],
      // 02:30 happens twice on 25 October: the first (CEST) is meant; 03:30 CET is two hours later.
      ["fallback", "2026-10-25T00:30:00.000Z", "2026-10-25T02:30:00.000Z"],
    ]);
  });

  it("handles Australia/Lord_Howe's half-hour DST, with or without a VTIMEZONE in the file", () => {
    const events = `
BEGIN:VEVENT
UID:lhi
DTSTART;TZID=Australia/Lord_Howe:20260403T090000
DTEND;TZID=Australia/Lord_Howe:20260403T093000
RRULE:FREQ=DAILY;COUNT=4
END:VEVENT
BEGIN:VEVENT
UID:lhi-gap
DTSTART;TZID=Australia/Lord_Howe:20261004T021500
DTEND;TZID=Australia/Lord_Howe:20261004T031500
END:VEVENT`;
    const expected = [
      ["lhi:2026-04-02T22:00:00.000Z", "2026-04-02T22:00:00.000Z", "2026-04-02T22:30:00.000Z"],
      ["lhi:2026-04-03T22:00:00.000Z", "2026-04-03T22:00:00.000Z", "2026-04-03T22:30:00.000Z"],
      // From 5 April the island is UTC+10:30.
      ["lhi:2026-04-04T22:30:00.000Z", "2026-04-04T22:30:00.000Z", "2026-04-04T23:00:00.000Z"],
      ["lhi:2026-04-05T22:30:00.000Z", "2026-04-05T22:30:00.000Z", "2026-04-05T23:00:00.000Z"],
      // 02:15 on 4 October is inside the 30-minute gap: read with the offset before it (+10:30).
      ["lhi-gap", "2026-10-03T15:45:00.000Z", "2026-10-03T16:15:00.000Z"],
    ];
    expect(rows(expand(calendar(events)).events)).toEqual(expected);

    const vtimezone = buildVtimezone("Australia/Lord_Howe", { start: utc("2026-01-01T00:00:00Z"), end: utc("2026-12-31T00:00:00Z") })!;
    expect(rows(expand(calendar(`${vtimezone.toString()}\r\n${events}`)).events)).toEqual(expected);
  });

  it("reads an IANA TZID without VTIMEZONE through the IANA database, not as floating time", () => {
    const ics = calendar(`
BEGIN:VEVENT
UID:tokyo
DTSTART;TZID=Asia/Tokyo:20260310T090000
DTEND;TZID=Asia/Tokyo:20260310T100000
END:VEVENT`);
    expect(rows(expand(ics, { defaultTimeZone: "America/Los_Angeles" }).events)).toEqual([
      ["tokyo", "2026-03-10T00:00:00.000Z", "2026-03-10T01:00:00.000Z"],
    ]);
  });

  it("maps Windows names, Outlook display names and vendor-prefixed names without VTIMEZONE", () => {
    const ics = calendar(`
BEGIN:VEVENT
UID:win
DTSTART;TZID=Eastern Standard Time:20260710T090000
DTEND;TZID=Eastern Standard Time:20260710T100000
END:VEVENT
BEGIN:VEVENT
UID:display
DTSTART;TZID="(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna":20260710T090000
DTEND;TZID="(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna":20260710T100000
END:VEVENT
BEGIN:VEVENT
UID:mozilla
DTSTART;TZID=/mozilla.org/20050126_1/Europe/Berlin:20260710T090000
DTEND;TZID=/mozilla.org/20050126_1/Europe/Berlin:20260710T100000
END:VEVENT
BEGIN:VEVENT
UID:offset
DTSTART;TZID="GMT+05:30":20260710T090000
DTEND;TZID="GMT+05:30":20260710T100000
END:VEVENT`);
    const { events, warnings } = expand(ics);
    expect(Object.fromEntries(events.map((event) => [event.externalId, iso(event.start)]))).toEqual({
      win: "2026-07-10T13:00:00.000Z",
      display: "2026-07-10T07:00:00.000Z",
      mozilla: "2026-07-10T07:00:00.000Z",
      offset: "2026-07-10T03:30:00.000Z",
    });
    expect(warnings).toEqual([]);
  });

  it("prefers the IANA rules over a stale VTIMEZONE that carries an IANA name", () => {
    // Pre-2007 US rules (first Sunday of April): 10 March would still be EST by this definition.
    const ics = calendar(`
BEGIN:VTIMEZONE
TZID:America/New_York
BEGIN:STANDARD
DTSTART:19671029T020000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19870405T020000
RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=4
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
UID:stale
DTSTART;TZID=America/New_York:20260310T090000
DTEND;TZID=America/New_York:20260310T100000
END:VEVENT`);
    expect(rows(expand(ics).events)).toEqual([["stale", "2026-03-10T13:00:00.000Z", "2026-03-10T14:00:00.000Z"]]);
  });

  it("reads an unknown TZID in the calendar's zone and says so", () => {
    const ics = calendar(`
BEGIN:VEVENT
UID:mystery
DTSTART;TZID=Middle Earth/Shire:20260310T090000
DTEND;TZID=Middle Earth/Shire:20260310T100000
END:VEVENT`);
    const { events, warnings } = expand(ics, { defaultTimeZone: "Europe/Berlin" });
    expect(rows(events)).toEqual([["mystery", "2026-03-10T08:00:00.000Z", "2026-03-10T09:00:00.000Z"]]);
    expect(warnings).toEqual([`Unknown time zone "Middle Earth/Shire"; reading its times in Europe/Berlin.`]);
  });

  it("reads floating times and all-day dates in X-WR-TIMEZONE, else in the default zone", () => {
    const body = `
BEGIN:VEVENT
UID:floating
DTSTART:20260310T090000
DTEND:20260310T100000
END:VEVENT
BEGIN:VEVENT
UID:day
DTSTART;VALUE=DATE:20260310
END:VEVENT`;
    expect(rows(expand(calendar(body), { defaultTimeZone: "Asia/Tokyo" }).events)).toEqual([
      ["day", "2026-03-09T15:00:00.000Z", "2026-03-10T15:00:00.000Z"],
      ["floating", "2026-03-10T00:00:00.000Z", "2026-03-10T01:00:00.000Z"],
    ]);
    expect(rows(expand(calendar(body, "X-WR-TIMEZONE:Europe/Berlin"), { defaultTimeZone: "Asia/Tokyo" }).events)).toEqual([
      ["day", "2026-03-09T23:00:00.000Z", "2026-03-10T23:00:00.000Z"],
      ["floating", "2026-03-10T08:00:00.000Z", "2026-03-10T09:00:00.000Z"],
    ]);
    expect(rows(expand(calendar(body)).events)).toEqual([
      ["day", "2026-03-10T00:00:00.000Z", "2026-03-11T00:00:00.000Z"],
      ["floating", "2026-03-10T09:00:00.000Z", "2026-03-10T10:00:00.000Z"],
    ]);
  });

  it("keeps a floating series with a floating UNTIL in the calendar's zone", () => {
    const ics = calendar(`
BEGIN:VEVENT
UID:float-series
DTSTART:20260301T230000
DTEND:20260301T233000
RRULE:FREQ=DAILY;UNTIL=20260303T230000
END:VEVENT`);
    expect(expand(ics, { defaultTimeZone: "America/Los_Angeles" }).events.map((event) => iso(event.start))).toEqual([
      "2026-03-02T07:00:00.000Z",
      "2026-03-03T07:00:00.000Z",
      "2026-03-04T07:00:00.000Z",
    ]);
  });
});

describe("expandIcalEvents — all-day and durations", () => {
  it("makes a one-day event from a DATE without DTEND, and spans DST days with their real length", () => {
    const ics = calendar(`
BEGIN:VEVENT
UID:single-day
DTSTART;VALUE=DATE:20260308
END:VEVENT
BEGIN:VEVENT
UID:long-weekend
DTSTART;VALUE=DATE:20260307
DTEND;VALUE=DATE:20260310
END:VEVENT
BEGIN:VEVENT
UID:by-duration
DTSTART;VALUE=DATE:20260320
DURATION:P2D
END:VEVENT`);
    const { events } = expand(ics, { defaultTimeZone: "America/New_York" });
    expect(rows(events)).toEqual([
      ["long-weekend", "2026-03-07T05:00:00.000Z", "2026-03-10T04:00:00.000Z"],
      // 8 March has 23 hours in New York.
      ["single-day", "2026-03-08T05:00:00.000Z", "2026-03-09T04:00:00.000Z"],
      ["by-duration", "2026-03-20T04:00:00.000Z", "2026-03-22T04:00:00.000Z"],
    ]);
    expect(events.every((event) => event.allDay && event.seriesId === undefined)).toBe(true);
  });

  it("repeats all-day events yearly with EXDATE by date", () => {
    const ics = calendar(`
BEGIN:VEVENT
UID:birthday
DTSTART;VALUE=DATE:20200415
DTEND;VALUE=DATE:20200416
RRULE:FREQ=YEARLY
EXDATE;VALUE=DATE:20270415
END:VEVENT`);
    const { events } = expand(ics, { range: { start: utc("2025-01-01T00:00:00Z"), end: utc("2029-01-01T00:00:00Z") }, defaultTimeZone: "Europe/Berlin" });
    expect(rows(events)).toEqual([
      ["birthday:2025-04-15", "2025-04-14T22:00:00.000Z", "2025-04-15T22:00:00.000Z"],
      ["birthday:2026-04-15", "2026-04-14T22:00:00.000Z", "2026-04-15T22:00:00.000Z"],
      ["birthday:2028-04-15", "2028-04-14T22:00:00.000Z", "2028-04-15T22:00:00.000Z"],
    ]);
  });

  it("reads DURATION: hours exactly, days on the wall clock (P1D over spring-forward is 23 h)", () => {
    const ics = calendar(`
BEGIN:VEVENT
UID:pt
DTSTART;TZID=America/New_York:20260307T120000
DURATION:PT45M
RRULE:FREQ=DAILY;COUNT=2
END:VEVENT
BEGIN:VEVENT
UID:p1d
DTSTART;TZID=America/New_York:20260307T120000
DURATION:P1DT1H
END:VEVENT`);
    expect(rows(expand(ics).events)).toEqual([
      ["pt:2026-03-07T17:00:00.000Z", "2026-03-07T17:00:00.000Z", "2026-03-07T17:45:00.000Z"],
      // 12:00 plus one calendar day is 12:00 on the 8th (23 h later), plus one exact hour.
      ["p1d", "2026-03-07T17:00:00.000Z", "2026-03-08T17:00:00.000Z"],
      ["pt:2026-03-08T16:00:00.000Z", "2026-03-08T16:00:00.000Z", "2026-03-08T16:45:00.000Z"],
    ]);
  });

  it("keeps the exact length of an event whose end is in another zone (a flight)", () => {
    const ics = calendar(`
BEGIN:VEVENT
UID:flight
DTSTART;TZID=Europe/Berlin:20260310T100000
DTEND;TZID=America/New_York:20260310T130000
RRULE:FREQ=WEEKLY;COUNT=2
END:VEVENT`);
    // 09:00Z → 17:00Z = 8 h, and still 8 h a week later when New York has changed its clocks.
    expect(rows(expand(ics).events)).toEqual([
      ["flight:2026-03-10T09:00:00.000Z", "2026-03-10T09:00:00.000Z", "2026-03-10T17:00:00.000Z"],
      ["flight:2026-03-17T09:00:00.000Z", "2026-03-17T09:00:00.000Z", "2026-03-17T17:00:00.000Z"],
    ]);
  });

  it("treats a date-time without DTEND or DURATION as an instant", () => {
    const ics = calendar(`
BEGIN:VEVENT
UID:reminder
DTSTART:20260310T090000Z
END:VEVENT`);
    expect(rows(expand(ics).events)).toEqual([["reminder", "2026-03-10T09:00:00.000Z", "2026-03-10T09:00:00.000Z"]]);
  });
});

describe("expandIcalEvents — recurrence details", () => {
  it("applies every EXDATE, even after stale ones that match no instance", () => {
    const ics = calendar(`
BEGIN:VEVENT
UID:stale-exdates
DTSTART:20260302T100000Z
DTEND:20260302T110000Z
RRULE:FREQ=WEEKLY;COUNT=4
EXDATE:20260303T100000Z,20260304T100000Z
EXDATE:20260309T100000Z
EXDATE;VALUE=DATE:20260316
END:VEVENT`);
    expect(expand(ics).events.map((event) => iso(event.start))).toEqual(["2026-03-02T10:00:00.000Z", "2026-03-23T10:00:00.000Z"]);
  });

  it("adds RDATEs (dates, date-times and periods) and DTSTART even when the rule does not match it", () => {
    const ics = calendar(`
BEGIN:VEVENT
UID:rdates
DTSTART;TZID=Europe/Berlin:20260302T100000
DTEND;TZID=Europe/Berlin:20260302T110000
RRULE:FREQ=WEEKLY;BYDAY=WE;COUNT=2
RDATE;TZID=Europe/Berlin:20260307T100000
RDATE;VALUE=PERIOD:20260308T090000Z/PT1H
RDATE;VALUE=DATE:20260309
END:VEVENT`);
    expect(expand(ics).events.map((event) => iso(event.start))).toEqual([
      "2026-03-02T09:00:00.000Z", // DTSTART is a Monday: still the first instance
      "2026-03-04T09:00:00.000Z",
      "2026-03-07T09:00:00.000Z",
      "2026-03-08T09:00:00.000Z",
      "2026-03-09T09:00:00.000Z", // a DATE in a timed series starts at DTSTART's time
      "2026-03-11T09:00:00.000Z",
    ]);
  });

  it("matches RECURRENCE-ID written in UTC against a zoned series, and moves instances into and out of the range", () => {
    const ics = calendar(`
BEGIN:VEVENT
UID:moves
DTSTART;TZID=America/New_York:20260302T090000
DTEND;TZID=America/New_York:20260302T093000
RRULE:FREQ=WEEKLY;COUNT=6
SUMMARY:Weekly
END:VEVENT
BEGIN:VEVENT
UID:moves
RECURRENCE-ID:20260316T130000Z
DTSTART:20260320T150000Z
DTEND:20260320T153000Z
SUMMARY:Moved within
END:VEVENT
BEGIN:VEVENT
UID:moves
RECURRENCE-ID;TZID=America/New_York:20260406T090000
DTSTART;TZID=America/New_York:20260326T090000
DTEND;TZID=America/New_York:20260326T093000
SUMMARY:Pulled in from after the range
END:VEVENT
BEGIN:VEVENT
UID:moves
RECURRENCE-ID;TZID=America/New_York:20260323T090000
DTSTART;TZID=America/New_York:20260501T090000
DTEND;TZID=America/New_York:20260501T093000
SUMMARY:Pushed out of the range
END:VEVENT`);
    const { events } = expand(ics, { range: { start: utc("2026-03-01T00:00:00Z"), end: utc("2026-04-01T00:00:00Z") } });
    expect(events.map((event) => [event.externalId, iso(event.start), event.title])).toEqual([
      ["moves:2026-03-02T14:00:00.000Z", "2026-03-02T14:00:00.000Z", "Weekly"],
      ["moves:2026-03-09T13:00:00.000Z", "2026-03-09T13:00:00.000Z", "Weekly"],
      ["moves:2026-03-16T13:00:00.000Z", "2026-03-20T15:00:00.000Z", "Moved within"],
      ["moves:2026-04-06T13:00:00.000Z", "2026-03-26T13:00:00.000Z", "Pulled in from after the range"],
      ["moves:2026-03-30T13:00:00.000Z", "2026-03-30T13:00:00.000Z", "Weekly"],
    ]);
  });

  it("shows overrides without a master (an invitation to one instance) as occurrences of their series", () => {
    const ics = calendar(`
BEGIN:VEVENT
UID:orphan
RECURRENCE-ID;TZID=Europe/Berlin:20260310T100000
DTSTART;TZID=Europe/Berlin:20260310T110000
DTEND;TZID=Europe/Berlin:20260310T120000
SUMMARY:Just this once
END:VEVENT`);
    expect(expand(ics).events).toEqual([
      {
        externalId: "orphan:2026-03-10T09:00:00.000Z",
        seriesId: "orphan",
        title: "Just this once",
        start: utc("2026-03-10T10:00:00Z"),
        end: utc("2026-03-10T11:00:00Z"),
        allDay: false,
        status: "confirmed",
        showAs: "busy",
      },
    ]);
  });

  it("drops instances cancelled by the master's STATUS, and overrides of EXDATE'd instances", () => {
    const ics = calendar(`
BEGIN:VEVENT
UID:gone
DTSTART:20260302T100000Z
DTEND:20260302T110000Z
RRULE:FREQ=DAILY;COUNT=3
STATUS:CANCELLED
END:VEVENT
BEGIN:VEVENT
UID:exdated
DTSTART:20260302T100000Z
DTEND:20260302T110000Z
RRULE:FREQ=DAILY;COUNT=3
EXDATE:20260303T100000Z
END:VEVENT
BEGIN:VEVENT
UID:exdated
RECURRENCE-ID:20260303T100000Z
DTSTART:20260303T120000Z
DTEND:20260303T130000Z
END:VEVENT`);
    expect(expand(ics).events.map((event) => event.externalId)).toEqual(["exdated:2026-03-02T10:00:00.000Z", "exdated:2026-03-04T10:00:00.000Z"]);
  });

  it("honours UNTIL written as a DATE for a timed series (the whole day counts)", () => {
    const ics = calendar(`
BEGIN:VEVENT
UID:until-date
DTSTART;TZID=America/Los_Angeles:20260302T200000
DTEND;TZID=America/Los_Angeles:20260302T210000
RRULE:FREQ=DAILY;UNTIL=20260304
END:VEVENT`);
    expect(expand(ics).events.map((event) => iso(event.start))).toEqual([
      "2026-03-03T04:00:00.000Z",
      "2026-03-04T04:00:00.000Z",
      "2026-03-05T04:00:00.000Z",
    ]);
  });

  it("uses the copy with the highest SEQUENCE when a UID appears twice", () => {
    const ics = calendar(`
BEGIN:VEVENT
UID:dup
SEQUENCE:1
DTSTART:20260302T100000Z
DTEND:20260302T110000Z
SUMMARY:Old
END:VEVENT
BEGIN:VEVENT
UID:dup
SEQUENCE:4
DTSTART:20260302T140000Z
DTEND:20260302T150000Z
SUMMARY:New
END:VEVENT`);
    const { events, warnings } = expand(ics);
    expect(events.map((event) => [event.title, iso(event.start)])).toEqual([["New", "2026-03-02T14:00:00.000Z"]]);
    expect(warnings).toEqual(["UID dup appears 2 times; using the highest SEQUENCE."]);
  });

  it("gives a VEVENT without UID a stable id", () => {
    const ics = calendar(`
BEGIN:VEVENT
DTSTART:20260302T100000Z
DTEND:20260302T110000Z
SUMMARY:Anonymous
END:VEVENT`);
    const first = expand(ics).events[0].externalId;
    expect(first).toMatch(/^no-uid-[0-9a-f]{8}$/);
    expect(expand(ics).events[0].externalId).toBe(first);
  });

  it("reads ORGANIZER as an accepted answer and PARTSTAT defaults to needsAction", () => {
    const ics = calendar(`
BEGIN:VEVENT
UID:mine
DTSTART:20260302T100000Z
DTEND:20260302T110000Z
ORGANIZER:mailto:me@example.com
END:VEVENT
BEGIN:VEVENT
UID:invited
DTSTART:20260302T120000Z
DTEND:20260302T130000Z
ORGANIZER:mailto:boss@example.com
ATTENDEE;CN=Me:MAILTO:ME@example.com
END:VEVENT
BEGIN:VEVENT
UID:not-me
DTSTART:20260302T140000Z
DTEND:20260302T150000Z
ATTENDEE;PARTSTAT=DECLINED:mailto:someone@example.com
END:VEVENT`);
    const answers = Object.fromEntries(expand(ics, { selfEmails: ["Me@Example.com"] }).events.map((event) => [event.externalId, event.selfResponse]));
    expect(answers).toEqual({ mine: "accepted", invited: "needsAction", "not-me": undefined });
  });

  it("copies the object's etag onto every occurrence", () => {
    const ics = calendar(`
BEGIN:VEVENT
UID:tagged
DTSTART:20260302T100000Z
DTEND:20260302T110000Z
RRULE:FREQ=DAILY;COUNT=2
END:VEVENT`);
    expect(expand(ics, { etag: '"abc"' }).events.map((event) => event.etag)).toEqual(['"abc"', '"abc"']);
  });
});

describe("expandIcalEvents — bounded work", () => {
  it("stops an endless series at the end of the range", () => {
    const ics = calendar(`
BEGIN:VEVENT
UID:forever
DTSTART:20260101T090000Z
DTEND:20260101T091500Z
RRULE:FREQ=MINUTELY;INTERVAL=30
END:VEVENT`);
    const started = performance.now();
    const { events, warnings } = expand(ics, { range: { start: utc("2026-01-01T00:00:00Z"), end: utc("2026-01-02T00:00:00Z") } });
    expect(events).toHaveLength(30); // 09:00 … 23:30
    expect(warnings).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("caps the steps of a series that starts long before the range", () => {
    const ics = calendar(`
BEGIN:VEVENT
UID:since-2000
DTSTART:20000101T000000Z
DTEND:20000101T000100Z
RRULE:FREQ=MINUTELY
END:VEVENT`);
    const { events, warnings } = expand(ics, { maxIterationsPerSeries: 10_000 });
    expect(events).toEqual([]);
    expect(warnings).toEqual(["Stopped expanding since-2000 after 10000 instances."]);
  });

  it("caps the steps of the whole calendar", () => {
    const vevents = Array.from({ length: 5 }, (_, i) => `
BEGIN:VEVENT
UID:daily-${i}
DTSTART:20200101T09000${i}Z
RRULE:FREQ=DAILY
END:VEVENT`).join("\r\n");
    const { warnings } = expand(calendar(vevents), { maxIterationsTotal: 3000 });
    expect(warnings).toContain("Stopped expanding recurrences: the calendar needs too much work.");
  });

  it("stops when the time budget is spent", () => {
    const ics = calendar(`
BEGIN:VEVENT
UID:since-2000
DTSTART:20000101T090000Z
RRULE:FREQ=DAILY
END:VEVENT`);
    const { events, warnings } = expand(ics, { timeBudgetMs: 0 });
    expect(events).toEqual([]);
    expect(warnings).toEqual(["Stopped expanding recurrences: the calendar needs too much work."]);
    // With time to spare the same series reaches the range.
    expect(expand(ics).events).toHaveLength(365);
  });

  it("answers quickly for a YEARLY rule ical.js cannot satisfy (it would search to the year 20000)", () => {
    const ics = calendar(`
BEGIN:VEVENT
UID:odd-yearly
DTSTART:20250915T093000Z
RRULE:FREQ=YEARLY;BYMONTHDAY=-3;BYDAY=MO
END:VEVENT`);
    const started = performance.now();
    expand(ics);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("refuses rules ical.js would iterate forever, keeping DTSTART", () => {
    const ics = calendar(`
BEGIN:VEVENT
UID:never
DTSTART:20260301T090000Z
DTEND:20260301T100000Z
RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30
END:VEVENT
BEGIN:VEVENT
UID:numbered
DTSTART:20260301T090000Z
RRULE:FREQ=DAILY;BYDAY=1MO
END:VEVENT`);
    const { events, warnings } = expand(ics);
    expect(events.map((event) => event.externalId).sort()).toEqual(["never:2026-03-01T09:00:00.000Z", "numbered:2026-03-01T09:00:00.000Z"]);
    expect(warnings).toEqual([
      "Ignored the recurrence rule of never (BYMONTH and BYMONTHDAY never meet (no such date)).",
      "Ignored the recurrence rule of numbered (numbered BYDAY (like 1MO) is not allowed with FREQ=DAILY).",
    ]);
  });

  it("drops dates ical.js invents by rolling an impossible day into the next month", () => {
    const ics = calendar(`
BEGIN:VEVENT
UID:leap
DTSTART;VALUE=DATE:20240229
RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29
END:VEVENT`);
    const { events } = expand(ics, { range: { start: utc("2024-01-01T00:00:00Z"), end: utc("2030-01-01T00:00:00Z") } });
    expect(events.map((event) => event.externalId)).toEqual(["leap:2024-02-29", "leap:2028-02-29"]);
  });

  it("skips a broken event and keeps the rest", () => {
    const ics = calendar(`
BEGIN:VEVENT
UID:no-start
SUMMARY:Missing DTSTART
END:VEVENT
BEGIN:VEVENT
UID:fine
DTSTART:20260302T100000Z
DTEND:20260302T110000Z
END:VEVENT`);
    const { events, warnings } = expand(ics);
    expect(events.map((event) => event.externalId)).toEqual(["fine"]);
    expect(warnings).toEqual(["Skipped event no-start: it has no DTSTART."]);
  });
});

describe("expandIcalEvents — input", () => {
  it("rejects HTML and other non-calendar text with a clear message", () => {
    expect(() => expand("<!DOCTYPE html><html><body>Sign in</body></html>")).toThrow(InvalidIcalendarError);
    expect(() => expand("<!DOCTYPE html><html><body>Sign in</body></html>")).toThrow(
      'This is not an iCalendar file: it starts with "<!DOCTYPE html><html><body>Sign in</body…" instead of BEGIN:VCALENDAR.',
    );
    expect(() => expand("")).toThrow(/instead of BEGIN:VCALENDAR/);
  });

  it("tolerates a byte-order mark, bare LF line ends, blank lines and several VCALENDARs", () => {
    const one = "BEGIN:VCALENDAR\nVERSION:2.0\n\nBEGIN:VEVENT\nUID:a\nDTSTART:20260302T100000Z\nDTEND:20260302T110000Z\nEND:VEVENT\nEND:VCALENDAR\n";
    const two = one.replace("UID:a", "UID:b").replace("T10", "T12");
    expect(expand(`\uFEFF${one}${two}`).events.map((event) => event.externalId)).toEqual(["a", "b"]);
  });

  it("leaves the shared ical.js time-zone registry as it found it", () => {
    const before = ICAL.TimezoneService.count;
    expand(fixture("outlook-export.ics"));
    expand(fixture("google-export.ics"));
    expect(ICAL.TimezoneService.count).toBe(before);
    expect(ICAL.TimezoneService.has("Eastern Standard Time")).toBe(false);
  });
});
