import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/test-database";
import { bookingIcsFilename, renderBookingIcs } from "./booking-ics";
import { cancelBooking } from "./cancel-booking";
import { createBooking } from "./create-booking";
import { getBooking } from "./get-booking";
import { createTestEventType, createTestHost, dayFromToday, testAttendee, utc } from "./test-fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

/** Unfolds RFC 5545 continuation lines so assertions can read whole properties. */
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, "");

describe("renderBookingIcs", () => {
  it("describes the booking as one VEVENT, and marks it cancelled later", async () => {
    const host = await createTestHost(t.db);
    const et = await createTestEventType(t.db, host.id, { slug: "intro", title: "Intro call" });
    const day = dayFromToday(3);
    const { booking, guestToken } = await createBooking(t.db, {
      eventTypeId: et.id,
      start: utc(day, "10:00"),
      attendee: testAttendee(1),
      notes: "Agenda: pricing; travel, etc.",
    });
    const row = await getBooking(t.db, booking.uid, { kind: "guest", token: guestToken! });
    const ics = unfold(renderBookingIcs(row, { token: guestToken! }));
    const compact = day.replaceAll("-", "");
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(ics).toContain("METHOD:PUBLISH");
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(ics).toContain(`UID:${booking.uid}@kairos`);
    expect(ics).toContain(`DTSTART:${compact}T100000Z`);
    expect(ics).toContain(`DTEND:${compact}T103000Z`);
    expect(ics).toContain("SUMMARY:Intro call between Hana Host and Guest 1");
    expect(ics).toContain("STATUS:CONFIRMED");
    expect(ics).toContain("LOCATION:https://meet.example.com/hana");
    expect(ics).toMatch(/ORGANIZER;CN="?Hana Host"?:mailto:host\d+-\d+@example.com/);
    expect(ics).toMatch(/ATTENDEE;[^\r\n]*CN="?Guest 1"?[^\r\n]*:MAILTO:guest1@example.com/i);
    expect(ics).toContain("Agenda: pricing\\; travel\\, etc.");
    expect(ics).toContain(`/booking/${booking.uid}?token=${guestToken}`);
    expect(ics).not.toContain("STATUS:CANCELLED");

    await cancelBooking(t.db, booking.uid, { kind: "guest", token: guestToken! }, "Double-booked elsewhere");
    const cancelled = await getBooking(t.db, booking.uid, { kind: "host", userId: host.id });
    const after = unfold(renderBookingIcs(cancelled));
    expect(after).toContain("STATUS:CANCELLED");
    expect(after).toContain(`UID:${booking.uid}@kairos`);
    expect(after).toContain("Double-booked elsewhere");
    // Without the token (host's own copy), no guest link is embedded.
    expect(after).not.toContain("token=");
    expect(bookingIcsFilename(cancelled)).toBe(`kairos-${day}-intro.ics`);
  });
});
