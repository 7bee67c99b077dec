import { describe, expect, it } from "vitest";
import type { BookingDto, WriteBackDto } from "@/lib/booking/booking-dto";
import { groupMeetings, meetingCalendarSeat } from "./group-meetings";

function booking(uid: string, fields: { start?: string; seatGroupId?: string | null; createdAt?: string; writeBack?: WriteBackDto["status"] } = {}): BookingDto {
  const start = fields.start ?? "2026-12-07T10:00:00.000Z";
  return {
    uid,
    status: "confirmed",
    start,
    end: new Date(Date.parse(start) + 30 * 60_000).toISOString(),
    eventTypeId: "et1",
    title: `Class between Dana and ${uid}`,
    attendee: { name: uid, email: `${uid}@example.test`, timeZone: "UTC" },
    notes: null,
    location: { type: "phone", value: "+1 555 0100" },
    hostName: "Dana",
    hostUsername: "dana",
    eventSlug: "class",
    eventTitle: "Class",
    cancelledAt: null,
    cancelReason: null,
    createdAt: fields.createdAt ?? "2026-12-01T09:00:00.000Z",
    conferenceUrl: null,
    seatGroupId: fields.seatGroupId ?? null,
    writeBack: { status: fields.writeBack ?? "synced", error: null, updatedAt: null },
  };
}

describe("groupMeetings", () => {
  it("folds the seats of a meeting into one entry where its first seat stood, ordinary bookings untouched", () => {
    const solo = booking("solo", { start: "2026-12-07T09:00:00.000Z" });
    const later = booking("later", { start: "2026-12-07T12:00:00.000Z" });
    const bo = booking("bo", { seatGroupId: "m1", createdAt: "2026-12-02T08:00:00.000Z" });
    const ana = booking("ana", { seatGroupId: "m1", createdAt: "2026-12-01T08:00:00.000Z" });
    const other = booking("cy", { start: "2026-12-07T11:00:00.000Z", seatGroupId: "m2" });

    const entries = groupMeetings([solo, bo, ana, other, later]);

    expect(entries.map((e) => (e.kind === "booking" ? e.booking.uid : e.seatGroupId))).toEqual(["solo", "m1", "m2", "later"]);
    // Guests in the order they booked, not the API's tie-break.
    expect(entries[1]).toEqual({ kind: "meeting", seatGroupId: "m1", seats: [ana, bo] });
    // A meeting with one guest so far is still a meeting (the host sees the seats it has left).
    expect(entries[2]).toEqual({ kind: "meeting", seatGroupId: "m2", seats: [other] });
    expect(entries[0]).toEqual({ kind: "booking", booking: solo });
  });

  it("keeps a list without group events as it is", () => {
    const list = [booking("a"), booking("b", { start: "2026-12-08T10:00:00.000Z" })];
    expect(groupMeetings(list)).toEqual(list.map((b) => ({ kind: "booking", booking: b })));
  });
});

describe("meetingCalendarSeat", () => {
  it("speaks for the meeting with the seat needing attention most: failed, then pending", () => {
    const synced = booking("a", { seatGroupId: "m", writeBack: "synced" });
    const pending = booking("b", { seatGroupId: "m", writeBack: "pending" });
    const failed = booking("c", { seatGroupId: "m", writeBack: "failed" });
    expect(meetingCalendarSeat([synced, pending, failed])).toBe(failed);
    expect(meetingCalendarSeat([synced, pending])).toBe(pending);
    expect(meetingCalendarSeat([synced, booking("d", { seatGroupId: "m", writeBack: "synced" })])).toBe(synced);
  });
});
