/**
 * The booking path re-checks the busy store inside its transaction (the same
 * loadSlotContext + engine as the slots page): through the real route
 * handlers, a time busy in a ticked calendar is 409 slot_unavailable, buffers
 * included; a never-synced ticked calendar refuses every booking until it has
 * synced; a rescheduled booking's own written-back event does not block its
 * new time.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as createRoute } from "@/app/api/v1/bookings/route";
import { POST as cancelRoute } from "@/app/api/v1/bookings/[uid]/cancel/route";
import { POST as rescheduleRoute } from "@/app/api/v1/bookings/[uid]/reschedule/route";
import { createApiKey } from "@/lib/auth/api-keys";
import { createTestEventType, createTestHost, dayFromToday, testAttendee, utc } from "@/lib/booking/test-fixtures";
import { seedConnection, seedEvents, seedSyncState } from "@/test/busy-store-fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/test-database";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

const day = dayFromToday(3);
const base = "http://localhost:3000/api/v1/bookings";

function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  return new Request(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
}

async function book(username: string, eventSlug: string, start: string, guest = 1) {
  const response = await createRoute(post(base, { username, eventSlug, start, attendee: testAttendee(guest) }), {});
  return { status: response.status, body: await response.json() };
}

/** A host open 09:00–17:00 UTC every day with one ticked, synced calendar. */
async function hostWithCalendar() {
  const host = await createTestHost(t.db);
  const { connectionId, calendarIds } = await seedConnection(t.db, host.id);
  await seedSyncState(t.db, calendarIds[0]);
  return { host, connectionId, calendarId: calendarIds[0] };
}

describe("booking against the busy store", () => {
  it("refuses a time busy in a ticked calendar (409 slot_unavailable), buffers included, and accepts a free one", async () => {
    const { host, calendarId } = await hostWithCalendar();
    await createTestEventType(t.db, host.id, { slug: "intro" });
    await createTestEventType(t.db, host.id, { slug: "padded", bufferAfterMinutes: 15 });
    await seedEvents(t.db, calendarId, [
      { start: utc(day, "10:00"), end: utc(day, "10:30") },
      { start: utc(day, "12:00"), end: utc(day, "12:30") },
      { start: utc(day, "14:00"), end: utc(day, "15:00"), showAs: "free" },
    ]);

    const busy = await book(host.username, "intro", utc(day, "10:00"));
    expect(busy).toMatchObject({ status: 409, body: { error: { code: "slot_unavailable" } } });
    // 11:30–12:00 is free, but with 15 minutes after it runs into the 12:00 event.
    expect((await book(host.username, "padded", utc(day, "11:30"))).body.error.code).toBe("slot_unavailable");
    expect((await book(host.username, "intro", utc(day, "11:30"))).status).toBe(201);
    // An event marked free does not block.
    expect((await book(host.username, "intro", utc(day, "14:00"), 2)).status).toBe(201);
  });

  it("refuses every booking while a ticked calendar has never synced, and accepts once it has", async () => {
    const { host } = await hostWithCalendar();
    await createTestEventType(t.db, host.id, { slug: "intro" });
    const added = await seedConnection(t.db, host.id, [{ name: "Just ticked" }], { provider: "caldav" });
    expect(await book(host.username, "intro", utc(day, "13:00"))).toMatchObject({ status: 409, body: { error: { code: "slot_unavailable" } } });

    await seedSyncState(t.db, added.calendarIds[0]);
    expect((await book(host.username, "intro", utc(day, "13:00"))).status).toBe(201);
  });

  it("a rescheduled booking's own event in the store does not block its new time; everyone else's booking still does", async () => {
    const { host, calendarId } = await hostWithCalendar();
    const { key } = await createApiKey(t.db, host.id, "test");
    await t.db.eventType.create({
      data: { userId: host.id, slug: "hour", title: "Hour", durationMinutes: 60, slotIntervalMinutes: 30, minimumNoticeMinutes: 60, locationType: "phone", locationValue: "+1 555 0100" },
    });
    const made = await book(host.username, "hour", utc(day, "13:00"));
    expect(made.status).toBe(201);
    // Write-back put the booking into the ticked calendar and sync stored it.
    await seedEvents(t.db, calendarId, [{ externalId: "kairos-event-1", start: utc(day, "13:00"), end: utc(day, "14:00") }]);
    const reschedule = (uid: string, start: string) =>
      rescheduleRoute(post(`${base}/${uid}/reschedule`, { start }, { authorization: `Bearer ${key}` }), { params: Promise.resolve({ uid }) });
    // Until Kairos knows that event is the booking's own, it is someone else's busy time.
    expect((await reschedule(made.body.uid, utc(day, "13:30"))).status).toBe(409);
    await t.db.booking.update({ where: { uid: made.body.uid }, data: { calendarEventCalendarId: calendarId, calendarEventId: "kairos-event-1" } });

    // Another guest cannot take 13:30 (the booking and its event both block it)…
    expect((await book(host.username, "hour", utc(day, "13:30"), 2)).body.error.code).toBe("slot_unavailable");
    // …but the booking itself may move there: neither its row nor its event blocks it.
    const moved = await reschedule(made.body.uid, utc(day, "13:30"));
    expect(moved.status).toBe(200);
    expect((await moved.json()).start).toBe(`${day}T13:30:00.000Z`);
  });

  it("a cancelled booking's time is free at once, though its written-back event is still in the store until the next sync", async () => {
    const { host, calendarId } = await hostWithCalendar();
    const { key } = await createApiKey(t.db, host.id, "test");
    await t.db.eventType.create({
      data: { userId: host.id, slug: "hour", title: "Hour", durationMinutes: 60, minimumNoticeMinutes: 60, locationType: "phone", locationValue: "+1 555 0100" },
    });
    const made = await book(host.username, "hour", utc(day, "10:00"));
    expect(made.status).toBe(201);
    await seedEvents(t.db, calendarId, [{ externalId: "kairos-event-2", start: utc(day, "10:00"), end: utc(day, "11:00") }]);
    await t.db.booking.update({ where: { uid: made.body.uid }, data: { calendarEventCalendarId: calendarId, calendarEventId: "kairos-event-2" } });
    const cancelled = await cancelRoute(post(`${base}/${made.body.uid}/cancel`, {}, { authorization: `Bearer ${key}` }), { params: Promise.resolve({ uid: made.body.uid }) });
    expect(cancelled.status).toBe(200);
    // The store still holds the event (the delete has not synced back yet), yet the time is bookable again.
    expect(await t.db.externalEvent.count({ where: { calendarId, externalId: "kairos-event-2" } })).toBe(1);
    expect((await book(host.username, "hour", utc(day, "10:00"), 2)).status).toBe(201);
  });
});
