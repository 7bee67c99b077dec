import ICAL from "ical.js";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import type { EventWrite } from "../provider";
import { buildIcalEvent, icalUidFor } from "./build-ical-event";
import { buildVtimezone } from "./build-vtimezone";
import { expandIcalEvents } from "./expand-ical-events";

const utc = (iso: string) => Date.parse(iso);
const EVERYTHING = { start: utc("2000-01-01T00:00:00Z"), end: utc("2100-01-01T00:00:00Z") };

const write: EventWrite = {
  idempotencyKey: "booking-7f3a",
  title: "Intro call; agenda, questions\\answers",
  description: "Dana booked 30 minutes.\nNotes: “bring numbers” ☕ — a long line that needs folding because it is clearly longer than seventy-five octets",
  start: utc("2026-03-10T14:00:00Z"),
  end: utc("2026-03-10T14:30:00Z"),
  timeZone: "America/New_York",
  location: "Room 4, 2nd floor",
  attendees: [{ name: "Dana Guest, PhD", email: "dana@example.com" }],
};

const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, "");

describe("buildIcalEvent", () => {
  const ics = buildIcalEvent(write, { now: utc("2026-03-01T12:00:00Z"), organizer: { email: "host@example.com", name: "Harper Host" } });
  const lines = unfold(ics).split("\r\n");

  it("writes one VEVENT in the host's zone with its VTIMEZONE, CRLF line ends and folded lines", () => {
    expect(ics.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(Math.max(...ics.split("\r\n").map((line) => Buffer.byteLength(line)))).toBeLessThanOrEqual(75);
    expect(ics.split("\r\n").some((line) => line.startsWith(" "))).toBe(true);
    expect(lines).toContain("DTSTART;TZID=America/New_York:20260310T100000");
    expect(lines).toContain("DTEND;TZID=America/New_York:20260310T103000");
    expect(lines).toContain("TZID:America/New_York");
    expect(lines.filter((line) => line === "BEGIN:VEVENT")).toHaveLength(1);
  });

  it("carries UID, SEQUENCE, DTSTAMP, ORGANIZER and a non-scheduling ATTENDEE", () => {
    expect(lines).toContain(`UID:${icalUidFor("booking-7f3a")}`);
    expect(lines).toContain("SEQUENCE:0");
    expect(lines).toContain("DTSTAMP:20260301T120000Z");
    expect(lines).toContain("CREATED:20260301T120000Z");
    expect(lines).toContain("ORGANIZER;CN=Harper Host:mailto:host@example.com");
    expect(lines).toContain('ATTENDEE;CN="Dana Guest, PhD";ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE;SCHEDULE-AGENT=CLIENT:mailto:dana@example.com');
    expect(lines).toContain("SUMMARY:Intro call\\; agenda\\, questions\\\\answers");
  });

  it("reads back exactly (round trip through the expander)", () => {
    expect(expandIcalEvents(ics, { range: EVERYTHING, selfEmails: ["host@example.com"] })).toEqual([
      {
        externalId: icalUidFor("booking-7f3a"),
        title: write.title,
        description: write.description,
        location: write.location,
        start: write.start,
        end: write.end,
        allDay: false,
        status: "confirmed",
        showAs: "busy",
        selfResponse: "accepted",
        updatedAt: utc("2026-03-01T12:00:00Z"),
      },
    ]);
  });

  it("writes a VTIMEZONE any client can use: read through the VTIMEZONE alone, the instants are the same", () => {
    // Renamed, the TZID no longer names an IANA zone, so the expander must use the file's definition.
    const custom = ics.replaceAll("America/New_York", "Kairos Custom Zone");
    expect(expandIcalEvents(custom, { range: EVERYTHING }).map((event) => [event.start, event.end])).toEqual([[write.start, write.end]]);
    // ical.js reading wall-clock times through the generated definition finds the IANA offsets,
    // right up to both DST changes (the ambiguous and skipped hours aside).
    const zone = new ICAL.Timezone(buildVtimezone("America/New_York", { start: write.start, end: write.end })!);
    const walls = ["2025-07-01T08:00", "2025-11-02T00:59", "2025-11-02T02:00", "2026-03-08T01:59", "2026-03-08T03:00", "2026-11-01T00:59", "2026-11-01T02:00", "2027-02-01T07:00"];
    for (const wall of walls) {
      const [date, time] = wall.split("T");
      const [year, month, day] = date.split("-").map(Number);
      const [hour, minute] = time.split(":").map(Number);
      const local = new ICAL.Time({ year, month, day, hour, minute, second: 0, isDate: false }, zone);
      const expected = DateTime.fromObject({ year, month, day, hour, minute }, { zone: "America/New_York" });
      expect(local.utcOffset(), wall).toBe(expected.offset * 60);
    }
  });

  it("is stable: the same key gives the same UID; different keys differ", () => {
    expect(icalUidFor("booking-7f3a")).toBe(icalUidFor("booking-7f3a"));
    expect(icalUidFor("booking-7f3a")).not.toBe(icalUidFor("booking-7f3b"));
    expect(icalUidFor("any key / with ? odd # chars")).toMatch(/^kairos-[0-9a-f]{40}$/);
  });

  it("writes UTC for UTC and unknown zones, and for a wall time that names two instants", () => {
    const inUtc = unfold(buildIcalEvent({ ...write, timeZone: "UTC" }, { now: 0 }));
    expect(inUtc).toContain("DTSTART:20260310T140000Z");
    expect(inUtc).not.toContain("VTIMEZONE");
    expect(unfold(buildIcalEvent({ ...write, timeZone: "Mars/Olympus_Mons" }, { now: 0 }))).toContain("DTSTART:20260310T140000Z");

    // 01:30 EST on 1 November 2026 is the *second* 01:30 in New York: a TZID would name the first.
    const second = { ...write, start: utc("2026-11-01T06:30:00Z"), end: utc("2026-11-01T07:00:00Z") };
    const ambiguous = buildIcalEvent(second, { now: 0 });
    expect(unfold(ambiguous)).toContain("DTSTART:20261101T063000Z");
    expect(expandIcalEvents(ambiguous, { range: EVERYTHING })[0]).toMatchObject({ start: second.start, end: second.end });
  });

  it("counts SEQUENCE up on updates and leaves out what is not given", () => {
    const updated = unfold(buildIcalEvent({ ...write, location: undefined, description: "", attendees: [] }, { uid: "given-uid", sequence: 3, now: 0 }));
    expect(updated).toContain("UID:given-uid");
    expect(updated).toContain("SEQUENCE:3");
    expect(updated).not.toMatch(/^(CREATED|LOCATION|DESCRIPTION|ATTENDEE|ORGANIZER)/m);
  });
});
