/**
 * Calendar write-back against the real adapters and the project's servers:
 * the Google emulator (googleapis), the Microsoft emulator over https (Graph
 * client) and Radicale (tsdav). Bookings are made with createBooking /
 * rescheduleBooking / cancelBooking and written by the "booking.write-back"
 * job through the queue (drainJobs with the app's handler map), and what
 * landed is read back at the provider: one event with title, attendee and a
 * Meet / Teams link, moved in place, deleted on cancel; provider faults on
 * the create never duplicate it nor lose the booking; refusals are stored as
 * failed with a reason the host can act on, and can be retried.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GoogleEmulator } from "@/e2e/emulators/google";
import type { MicrosoftEmulator } from "@/e2e/emulators/microsoft";
import { createApiKey } from "@/lib/auth/api-keys";
import { jobHandlers } from "@/lib/background/job-handlers";
import { connectCaldavAccount } from "@/lib/calendars/connect-caldav-account";
import { connectIcsFeed } from "@/lib/calendars/connect-ics-feed";
import { updateCalendarSelection } from "@/lib/calendars/update-calendar-selection";
import { createEventType } from "@/lib/event-types/create-event-type";
import { updateEventType } from "@/lib/event-types/update-event-type";
import { AppError } from "@/lib/errors";
import { drainJobs } from "@/lib/jobs";
import { connectOAuthAccount } from "@/test/calendar-connections";
import { useCalendarEmulators } from "@/test/calendar-emulators";
import { startIcsServer, type IcsServer } from "@/test/ics-server";
import { RADICALE_MISSING_MESSAGE, radicaleAvailable, startRadicale, type RadicaleServer } from "@/test/radicale";
import type { TestDatabase } from "@/test/test-database";
import * as icsRoute from "@/app/api/v1/bookings/[uid]/ics/route";
import * as bookingRoute from "@/app/api/v1/bookings/[uid]/route";
import * as writeBackRoute from "@/app/api/v1/bookings/[uid]/write-back/route";
import { cancelBooking } from "./cancel-booking";
import { createBooking } from "./create-booking";
import { rescheduleBooking } from "./reschedule-booking";
import { createTestHost, dayFromToday, testAttendee, utc } from "./test-fixtures";

const ADA = "ada@example.com";
const GRACE = "grace@contoso.test";
const GOOGLE_EVENTS = "/calendar/v3/calendars/*/events";
const GRAPH_EVENTS = "/v1.0/me/calendars/*/events";

const emulators = useCalendarEmulators({ google: [{ email: ADA, timeZone: "Europe/Berlin" }], microsoft: [{ email: GRACE, timeZone: "Europe/Berlin" }] });
let google: GoogleEmulator;
let microsoft: MicrosoftEmulator;
let t: TestDatabase;
beforeAll(() => {
  ({ google, microsoft, t } = emulators);
});
const day = dayFromToday(3);
const otherDay = dayFromToday(4);

/** Runs the write-back jobs that are due, with the app's real handler map. */
const drain = () => drainJobs(t.db, jobHandlers, { kinds: ["booking.write-back"] });
/** A retry waits (backoff, Retry-After); tests skip the wait, not the queue. */
const makeJobsDue = () => t.db.$executeRaw`UPDATE jobs SET run_at = now() WHERE state = 'queued'`;
const jobsOf = (bookingId: string) => t.db.job.findMany({ where: { key: `booking.write-back:${bookingId}` }, orderBy: { createdAt: "asc" } });
const bookingRow = (id: string) => t.db.booking.findUniqueOrThrow({ where: { id } });

/**
 * Connects an account the way a host does (OAuth against the emulator). Its
 * calendars are then unticked for conflicts: busy time from them is the sync
 * suites' subject, and a ticked calendar offers no slots until its first sync.
 */
async function connect(hostId: string, provider: "google" | "microsoft") {
  const connection = await connectOAuthAccount(t.db, hostId, provider, provider === "google" ? ADA : GRACE);
  await t.db.connectedCalendar.updateMany({ where: { connectionId: connection.id }, data: { selectedForConflicts: false } });
  return connection;
}

/** A host with a Google (or Microsoft) account; its primary calendar becomes the destination. */
async function hostWith(provider: "google" | "microsoft") {
  const host = await createTestHost(t.db);
  const connection = await connect(host.id, provider);
  const calendar = connection.calendars.find((c) => c.isPrimary)!;
  expect(calendar.isDestination).toBe(true);
  const externalId = (await t.db.connectedCalendar.findUniqueOrThrow({ where: { id: calendar.id } })).externalId;
  return { host, connection, calendar, externalId };
}

async function meetingType(hostId: string, location: { type: "google_meet" } | { type: "microsoft_teams" } | { type: "in_person"; value: string }) {
  return createEventType(t.db, hostId, { slug: `intro-${Math.random().toString(36).slice(2, 8)}`, title: "Intro call", durationMinutes: 30, location, minimumNoticeMinutes: 60 });
}

/** Books through the queue only (no inline attempt), so each test drives the job itself. */
function book(eventTypeId: string, time: string, n: number | string = 1, date = day) {
  return createBooking(t.db, { eventTypeId, start: utc(date, time), attendee: testAttendee(n), notes: "Let's talk pricing" }, { inlineWriteBack: false });
}

const liveGoogle = async (calendarId: string) => (await google.control.listStoredEvents(calendarId)).items.filter((e) => e.status !== "cancelled");
const graphInstant = (time: { dateTime: string; timeZone: string }) => {
  expect(time.timeZone).toBe("UTC");
  return new Date(`${time.dateTime.replace(/\.\d+$/, "")}Z`).toISOString();
};

describe("Google calendar", () => {
  it("a Meet booking becomes one event with title, attendee and Meet link; reschedule moves that event; cancel deletes it", async () => {
    const { host, externalId, calendar } = await hostWith("google");
    const eventType = await meetingType(host.id, { type: "google_meet" });
    const { booking } = await book(eventType.id, "10:00");
    expect(booking).toMatchObject({ writeBackStatus: "pending", calendarEventId: null, conferenceUrl: null });
    expect(await jobsOf(booking.id)).toEqual([expect.objectContaining({ kind: "booking.write-back", state: "queued", payload: { bookingId: booking.id } })]);

    expect(await drain()).toBe(1);
    const written = await bookingRow(booking.id);
    expect(written).toMatchObject({ writeBackStatus: "synced", writeBackError: null, calendarEventCalendarId: calendar.id, calendarEventId: expect.stringMatching(/^kairos/) });
    expect(written.conferenceUrl).toMatch(/^https:\/\/meet\.google\.com\//);

    const [event, ...others] = await liveGoogle(externalId);
    expect(others).toEqual([]);
    expect(event).toMatchObject({ id: written.calendarEventId, summary: booking.title, hangoutLink: written.conferenceUrl });
    expect(event.attendees).toEqual([expect.objectContaining({ email: "guest1@example.com", displayName: "Guest 1" })]);
    expect(String(event.description)).toContain("Let's talk pricing");
    expect(Date.parse((event.start as { dateTime: string }).dateTime)).toBe(Date.parse(utc(day, "10:00")));
    expect(await t.db.jobRun.findMany({ where: { subjectId: booking.id } })).toEqual([expect.objectContaining({ kind: "booking.write-back", outcome: "succeeded" })]);

    // Reschedule: the same event moves; its Meet link stays.
    await rescheduleBooking(t.db, booking.uid, { kind: "host", userId: host.id }, utc(otherDay, "11:00"), { inlineWriteBack: false });
    expect((await bookingRow(booking.id)).writeBackStatus).toBe("pending");
    await drain();
    const moved = await liveGoogle(externalId);
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatchObject({ id: written.calendarEventId, hangoutLink: written.conferenceUrl });
    expect(Date.parse((moved[0].start as { dateTime: string }).dateTime)).toBe(Date.parse(utc(otherDay, "11:00")));
    expect(await bookingRow(booking.id)).toMatchObject({ writeBackStatus: "synced", calendarEventId: written.calendarEventId, conferenceUrl: written.conferenceUrl });

    // Cancel: the event goes.
    await cancelBooking(t.db, booking.uid, { kind: "host", userId: host.id }, "Sick", { inlineWriteBack: false });
    await drain();
    expect(await liveGoogle(externalId)).toEqual([]);
    expect(await bookingRow(booking.id)).toMatchObject({ status: "cancelled", writeBackStatus: "synced", calendarEventId: null });
  });

  it("inline: the booking answer already carries the Meet link, and the job queued behind it then makes no provider call", async () => {
    const { host, externalId } = await hostWith("google");
    const eventType = await meetingType(host.id, { type: "google_meet" });
    const { booking, guestToken } = await createBooking(t.db, { eventTypeId: eventType.id, start: utc(day, "12:00"), attendee: testAttendee(2) });
    expect(booking.writeBackStatus).toBe("synced");
    expect(booking.conferenceUrl).toMatch(/^https:\/\/meet\.google\.com\//);
    expect(await liveGoogle(externalId)).toHaveLength(1);

    // The guest's answer carries the link, not the host's write-back state.
    const asGuest = await send(bookingRoute.GET, "GET", booking.uid, undefined, `?token=${encodeURIComponent(guestToken!)}`);
    expect(asGuest.body).toMatchObject({ conferenceUrl: booking.conferenceUrl, location: { type: "google_meet" } });
    expect(asGuest.body).not.toHaveProperty("writeBack");
    // …and so does the .ics download.
    const ics = await icsRoute.GET(new Request(`http://localhost/api/v1/bookings/${booking.uid}/ics?token=${encodeURIComponent(guestToken!)}`), {
      params: Promise.resolve({ uid: booking.uid }),
    });
    const text = (await ics.text()).replace(/\r\n[ \t]/g, "");
    expect(text).toContain(`LOCATION:${booking.conferenceUrl}`);
    expect(text).toContain(`URL;VALUE=URI:${booking.conferenceUrl}`);
    expect(text).toContain(`Join Google Meet: ${booking.conferenceUrl}`);

    // The job waits out the inline attempt (run_at in the future); run it now anyway.
    const [job] = await jobsOf(booking.id);
    expect(job.runAt.getTime()).toBeGreaterThan(Date.now());
    await google.control.clearRequests();
    await makeJobsDue();
    expect(await drain()).toBe(1);
    expect(await google.control.countRequests({ pathPrefix: "/calendar/v3/" })).toBe(0);
    expect(await liveGoogle(externalId)).toHaveLength(1);
  });

  it("a 500 after Google stored the event: the job retries, the booking stays, and there is exactly one event", async () => {
    const { host, externalId } = await hostWith("google");
    const eventType = await meetingType(host.id, { type: "google_meet" });
    await google.control.injectFault({ method: "POST", path: GOOGLE_EVENTS, status: 500, applyFirst: true });
    const { booking } = await book(eventType.id, "13:00", 3);

    await drain();
    const retrying = await bookingRow(booking.id);
    expect(retrying).toMatchObject({ status: "confirmed", writeBackStatus: "pending", calendarEventId: null });
    expect(retrying.writeBackError).toMatch(/^Retrying: /);
    expect((await jobsOf(booking.id))[0]).toMatchObject({ state: "queued", attempts: 1 });

    await makeJobsDue();
    await drain();
    const events = await liveGoogle(externalId);
    expect(events).toHaveLength(1);
    expect(await bookingRow(booking.id)).toMatchObject({ writeBackStatus: "synced", writeBackError: null, calendarEventId: events[0].id, conferenceUrl: events[0].hangoutLink });
    // Two inserts reached Google (the second answered 409 duplicate and was resolved to the first event).
    expect((await google.control.requests({ method: "POST" })).requests.filter((r) => /\/events$/.test(r.path))).toHaveLength(2);
    expect((await t.db.jobRun.findMany({ where: { subjectId: booking.id }, orderBy: { startedAt: "asc" } })).map((r) => r.outcome)).toEqual(["retrying", "succeeded"]);
  });

  it("cancelled while its event was being created: the event is still removed (the late result is kept and followed up)", async () => {
    const { host, externalId } = await hostWith("google");
    const eventType = await meetingType(host.id, { type: "google_meet" });
    await google.control.injectFault({ method: "POST", path: GOOGLE_EVENTS, delayMs: 4000 });
    const { booking } = await book(eventType.id, "13:30", 12);

    const running = drain();
    // The delay fault is used up when the insert reaches Google (it is logged only once answered).
    while ((await google.control.listFaults()).faults.some((f) => f.remaining !== 0)) await new Promise((resolve) => setTimeout(resolve, 50));
    // The create is at Google now; the guest cancels meanwhile (this job sees nothing to delete yet).
    await cancelBooking(t.db, booking.uid, { kind: "host", userId: host.id }, undefined, { inlineWriteBack: false });
    await running;
    await drain();

    expect(await liveGoogle(externalId)).toEqual([]);
    expect(await bookingRow(booking.id)).toMatchObject({ status: "cancelled", writeBackStatus: "synced", calendarEventId: null });
    const outcomes = (await t.db.jobRun.findMany({ where: { subjectId: booking.id }, orderBy: { startedAt: "asc" } })).map((r) => (r.result as { outcome?: string } | null)?.outcome);
    expect(outcomes).toEqual(["superseded", "synced"]);
  });

  it("429 with Retry-After: the job waits exactly that long, then writes", async () => {
    const { host, externalId } = await hostWith("google");
    const eventType = await meetingType(host.id, { type: "google_meet" });
    await google.control.injectFault({ method: "POST", path: GOOGLE_EVENTS, status: 429, retryAfterSeconds: 120, reason: "rateLimitExceeded" });
    const { booking } = await book(eventType.id, "14:00", 4);
    const before = Date.now();
    await drain();
    const [job] = await jobsOf(booking.id);
    expect(job.state).toBe("queued");
    expect(job.runAt.getTime() - before).toBeGreaterThanOrEqual(119_000);
    expect(job.runAt.getTime() - Date.now()).toBeLessThanOrEqual(121_000);
    expect(await liveGoogle(externalId)).toEqual([]);

    await makeJobsDue();
    await drain();
    expect(await liveGoogle(externalId)).toHaveLength(1);
    expect((await bookingRow(booking.id)).writeBackStatus).toBe("synced");
  });

  it("revoked access: failed with a reason that says to reconnect; after reconnecting, “Retry calendar write” (owner only) writes it", async () => {
    const { host, connection, externalId } = await hostWith("google");
    const eventType = await meetingType(host.id, { type: "google_meet" });
    await google.control.revokeRefreshTokens({ email: ADA });
    await google.control.expireAccessTokens(ADA);
    const { booking } = await book(eventType.id, "15:00", 5);

    await drain();
    const failed = await bookingRow(booking.id);
    expect(failed.writeBackStatus).toBe("failed");
    expect(failed.writeBackError).toMatch(/can no longer reach your calendar account “ada@example.com”\. Reconnect it in Settings → Calendars, then retry/);
    expect((await jobsOf(booking.id))[0]).toMatchObject({ state: "failed", attempts: 1 });
    expect((await t.db.calendarConnection.findUniqueOrThrow({ where: { id: connection.id } })).status).toBe("needs_reconnect");

    // The host sees it (and the guest does not).
    const { key } = await createApiKey(t.db, host.id, "tests");
    const asHost = await send(bookingRoute.GET, "GET", booking.uid, key);
    expect(asHost.status).toBe(200);
    expect(asHost.body).toMatchObject({ conferenceUrl: null, writeBack: { status: "failed", error: failed.writeBackError } });

    // Another host cannot retry it.
    const other = await createTestHost(t.db, "Olga Other");
    const { key: otherKey } = await createApiKey(t.db, other.id, "tests");
    const foreign = await send(writeBackRoute.POST, "POST", booking.uid, otherKey);
    expect(foreign).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });

    await connectOAuthAccount(t.db, host.id, "google", ADA);
    const retried = await send(writeBackRoute.POST, "POST", booking.uid, key);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ uid: booking.uid, writeBack: { status: "synced", error: null }, conferenceUrl: expect.stringMatching(/^https:\/\/meet\.google\.com\//) });
    expect(await liveGoogle(externalId)).toHaveLength(1);

    // Nothing left to retry.
    expect((await send(writeBackRoute.POST, "POST", booking.uid, key)).body.error.code).toBe("conflict");
  });

  it("reconnecting the account queues the host's failed writes again: written without clicking Retry", async () => {
    const { host, externalId } = await hostWith("google");
    const eventType = await meetingType(host.id, { type: "google_meet" });
    await google.control.revokeRefreshTokens({ email: ADA });
    await google.control.expireAccessTokens(ADA);
    const { booking } = await book(eventType.id, "16:00", 6);
    await drain();
    expect((await bookingRow(booking.id)).writeBackStatus).toBe("failed");

    await connectOAuthAccount(t.db, host.id, "google", ADA);
    await drainJobs(t.db, jobHandlers, { kinds: ["booking.retry-failed-write-backs", "booking.write-back"] });
    expect(await bookingRow(booking.id)).toMatchObject({ writeBackStatus: "synced", writeBackError: null, conferenceUrl: expect.stringMatching(/^https:\/\/meet\.google\.com\//) });
    expect(await liveGoogle(externalId)).toHaveLength(1);
    expect(await t.db.jobRun.findFirst({ where: { kind: "booking.retry-failed-write-backs", subjectId: host.id } })).toMatchObject({ outcome: "succeeded", result: { requeued: 1 } });
  });

  it("attempts run out on a provider that keeps failing: failed, visible, booking kept", async () => {
    const { host, externalId } = await hostWith("google");
    const eventType = await meetingType(host.id, { type: "google_meet" });
    await google.control.injectFault({ method: "POST", path: GOOGLE_EVENTS, status: 503, always: true });
    const { booking } = await book(eventType.id, "16:00", 6);
    await t.db.job.updateMany({ where: { key: `booking.write-back:${booking.id}` }, data: { maxAttempts: 2 } });

    await drain();
    expect((await bookingRow(booking.id)).writeBackStatus).toBe("pending");
    await makeJobsDue();
    await drain();
    const row = await bookingRow(booking.id);
    expect(row).toMatchObject({ status: "confirmed", writeBackStatus: "failed" });
    expect(row.writeBackError).toMatch(/^Gave up after repeated failures: Google: /);
    expect((await jobsOf(booking.id))[0]).toMatchObject({ state: "failed", attempts: 2 });
    await google.control.clearFaults();
    expect(await liveGoogle(externalId)).toEqual([]);
  });

  it("the host switched the destination to a Microsoft calendar after making a Meet event type: the write fails visibly, naming why", async () => {
    const { host } = await hostWith("google");
    const eventType = await meetingType(host.id, { type: "google_meet" });
    const ms = await connect(host.id, "microsoft");
    const msCalendar = ms.calendars.find((c) => c.isPrimary)!;
    await updateCalendarSelection(t.db, host.id, msCalendar.id, { isDestination: true });

    const { booking } = await book(eventType.id, "09:00", 7);
    await drain();
    const row = await bookingRow(booking.id);
    expect(row.writeBackStatus).toBe("failed");
    expect(row.writeBackError).toBe(
      `Google Meet links are made by a Google calendar, but bookings go to “${msCalendar.name}”, a Microsoft 365 calendar. Choose a Google calendar as the destination, or another location.`,
    );
    expect((await microsoft.control.listStoredEvents(GRACE)).value).toEqual([]);
  });
});

/** Calls a /api/v1/bookings/{uid}… route handler the way Next.js does. */
async function send(handler: (request: Request, context: { params: Promise<{ uid: string }> }) => Promise<Response>, method: string, uid: string, key?: string, query = "") {
  const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  const response = await handler(new Request(`http://localhost/api/v1/bookings/${uid}${query}`, { method, headers }), { params: Promise.resolve({ uid }) });
  return { status: response.status, body: await response.json() };
}

describe("Microsoft 365 calendar", () => {
  it("a Teams booking becomes one event with subject, attendee and Teams link; reschedule moves that event; cancel deletes it", async () => {
    const { host, calendar } = await hostWith("microsoft");
    const eventType = await meetingType(host.id, { type: "microsoft_teams" });
    const { booking } = await book(eventType.id, "10:00", 8);
    await drain();

    const written = await bookingRow(booking.id);
    expect(written).toMatchObject({ writeBackStatus: "synced", calendarEventCalendarId: calendar.id });
    const [event, ...others] = (await microsoft.control.listStoredEvents(GRACE)).value;
    expect(others).toEqual([]);
    const joinUrl = (event.onlineMeeting as { joinUrl: string }).joinUrl;
    expect(joinUrl).toMatch(/^https:\/\/teams\.microsoft\.com\//);
    expect(written).toMatchObject({ calendarEventId: event.id, conferenceUrl: joinUrl });
    expect(event).toMatchObject({ subject: booking.title, isOnlineMeeting: true, onlineMeetingProvider: "teamsForBusiness" });
    expect(event.attendees).toEqual([expect.objectContaining({ emailAddress: expect.objectContaining({ address: "guest8@example.com", name: "Guest 8" }) })]);
    expect(graphInstant(event.start as { dateTime: string; timeZone: string })).toBe(new Date(utc(day, "10:00")).toISOString());

    await rescheduleBooking(t.db, booking.uid, { kind: "host", userId: host.id }, utc(otherDay, "12:30"), { inlineWriteBack: false });
    await drain();
    const moved = (await microsoft.control.listStoredEvents(GRACE)).value;
    expect(moved).toHaveLength(1);
    expect(moved[0].id).toBe(event.id);
    expect(graphInstant(moved[0].start as { dateTime: string; timeZone: string })).toBe(new Date(utc(otherDay, "12:30")).toISOString());
    expect((moved[0].onlineMeeting as { joinUrl: string }).joinUrl).toBe(joinUrl);

    await cancelBooking(t.db, booking.uid, { kind: "host", userId: host.id }, undefined, { inlineWriteBack: false });
    await drain();
    expect((await microsoft.control.listStoredEvents(GRACE)).value).toEqual([]);
    expect(await bookingRow(booking.id)).toMatchObject({ writeBackStatus: "synced", calendarEventId: null });
  });

  it("Graph answers 429 after creating and the client retries the POST itself: still exactly one event", async () => {
    const { host } = await hostWith("microsoft");
    const eventType = await meetingType(host.id, { type: "microsoft_teams" });
    await microsoft.control.injectFault({ method: "POST", path: GRAPH_EVENTS, status: 429, retryAfterSeconds: 1, applyFirst: true });
    const { booking } = await book(eventType.id, "11:00", 9);
    await drain();

    const posts = (await microsoft.control.requests({ method: "POST" })).requests.filter((r) => /\/events$/.test(r.path));
    expect(posts).toHaveLength(2);
    const events = (await microsoft.control.listStoredEvents(GRACE)).value;
    expect(events).toHaveLength(1);
    expect(await bookingRow(booking.id)).toMatchObject({ writeBackStatus: "synced", calendarEventId: events[0].id });
  });
});

describe.skipIf(!radicaleAvailable())("CalDAV calendar (Radicale)", () => {
  let radicale: RadicaleServer;
  const auth = () => `Basic ${Buffer.from(`${radicale.username}:${radicale.password}`).toString("base64")}`;
  beforeAll(async () => {
    radicale = await startRadicale({ username: "ada", password: "app-specific-5" });
    const made = await fetch(`${radicale.homeUrl}work/`, {
      method: "MKCALENDAR",
      headers: { authorization: auth() },
      body: `<?xml version="1.0"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop><D:displayname>Work</D:displayname></D:prop></D:set></C:mkcalendar>`,
    });
    expect(made.status).toBe(201);
  });
  afterAll(async () => radicale?.stop());

  it("creates the event (guest as attendee, the address as location), moves it, deletes it", async () => {
    const host = await createTestHost(t.db);
    const connection = await connectCaldavAccount(t.db, host.id, { provider: "caldav", serverUrl: radicale.url, username: radicale.username, password: radicale.password });
    await t.db.connectedCalendar.updateMany({ where: { connectionId: connection.id }, data: { selectedForConflicts: false } });
    expect(connection.calendars[0].isDestination).toBe(true);
    const eventType = await meetingType(host.id, { type: "in_person", value: "Alexanderplatz 1, Berlin" });
    const { booking } = await book(eventType.id, "10:00", 10);
    await drain();

    const written = await bookingRow(booking.id);
    expect(written).toMatchObject({ writeBackStatus: "synced", conferenceUrl: null, calendarEventId: expect.any(String) });
    const objectUrl = `${radicale.homeUrl}work/${written.calendarEventId}.ics`;
    const fetchObject = () => fetch(objectUrl, { headers: { authorization: auth() } });
    const ics = (await (await fetchObject()).text()).replace(/\r\n[ \t]/g, "");
    expect(ics).toContain(`SUMMARY:${booking.title}`);
    expect(ics).toMatch(/ATTENDEE[^\r\n]*mailto:guest10@example\.com/);
    expect(ics).toContain("LOCATION:Alexanderplatz 1\\, Berlin");
    expect(ics).toMatch(/DTSTART[^\r\n]*:\d{8}T\d{6}/);

    await rescheduleBooking(t.db, booking.uid, { kind: "host", userId: host.id }, utc(otherDay, "14:00"), { inlineWriteBack: false });
    await drain();
    const moved = (await (await fetchObject()).text()).replace(/\r\n[ \t]/g, "");
    expect(moved).toContain(`UID:${written.calendarEventId}`);
    // 14:00 UTC is 15:00 or 16:00 in Berlin (the host's zone), depending on the date.
    expect(moved).toMatch(new RegExp(`DTSTART;TZID=Europe/Berlin:${otherDay.replace(/-/g, "")}T1[56]0000`));
    expect((await bookingRow(booking.id)).calendarEventId).toBe(written.calendarEventId);

    await cancelBooking(t.db, booking.uid, { kind: "host", userId: host.id }, undefined, { inlineWriteBack: false });
    await drain();
    expect((await fetchObject()).status).toBe(404);
    expect(await bookingRow(booking.id)).toMatchObject({ writeBackStatus: "synced", calendarEventId: null });
  });
});
if (!radicaleAvailable()) it.skip(RADICALE_MISSING_MESSAGE, () => {});

describe("without a destination calendar", () => {
  it("writes nothing: status none, no job, no provider call", async () => {
    const host = await createTestHost(t.db);
    const eventType = await meetingType(host.id, { type: "in_person", value: "Alexanderplatz 1, Berlin" });
    await google.control.clearRequests();
    const { booking } = await book(eventType.id, "10:00", 11);
    expect(booking).toMatchObject({ writeBackStatus: "none", writeBackUpdatedAt: null });
    expect(await jobsOf(booking.id)).toEqual([]);
    await cancelBooking(t.db, booking.uid, { kind: "host", userId: host.id });
    expect(await jobsOf(booking.id)).toEqual([]);
    expect(await bookingRow(booking.id)).toMatchObject({ writeBackStatus: "none" });
    expect(await google.control.countRequests({ pathPrefix: "/calendar/v3/" })).toBe(0);
  });
});

describe("event types: Meet / Teams locations and the destination calendar", () => {
  let feed: IcsServer;
  beforeAll(async () => {
    feed = await startIcsServer({ body: "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nX-WR-CALNAME:Holidays\r\nEND:VCALENDAR\r\n" });
  });
  afterAll(async () => feed?.stop());

  async function refused(promise: Promise<unknown>): Promise<AppError> {
    const error = await promise.then(() => new Error("expected a refusal"), (e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }

  it("needs a destination of the provider that makes the link; the destination must be a writable calendar of the host", async () => {
    const host = await createTestHost(t.db);
    const noCalendar = await refused(meetingType(host.id, { type: "google_meet" }));
    expect(noCalendar).toMatchObject({ code: "validation_error", details: [{ path: "location.type", message: expect.stringMatching(/^Google Meet links are made by a Google calendar, and there is no destination calendar/) }] });

    const { calendars } = await connect(host.id, "google");
    const googleCalendar = calendars.find((c) => c.isPrimary)!;
    const teams = await refused(meetingType(host.id, { type: "microsoft_teams" }));
    expect(teams.details).toEqual([{ path: "location.type", message: expect.stringMatching(/^Microsoft Teams links are made by a Microsoft 365 calendar, but bookings go to “.+”, a Google calendar/) }]);

    const meet = await meetingType(host.id, { type: "google_meet" });
    expect(meet).toMatchObject({ location: { type: "google_meet" }, destinationCalendarId: null });

    // Pointing the Meet type at a Microsoft calendar is refused; at the Google one it is kept.
    const ms = await connect(host.id, "microsoft");
    const msCalendar = ms.calendars.find((c) => c.isPrimary)!;
    const mismatch = await refused(updateEventType(t.db, host.id, meet.id, { destinationCalendarId: msCalendar.id }));
    expect(mismatch.details[0].path).toBe("location.type");
    expect(await updateEventType(t.db, host.id, meet.id, { destinationCalendarId: googleCalendar.id })).toMatchObject({ destinationCalendarId: googleCalendar.id });
    // …and then it is the event type's own calendar that counts, whatever the host's default.
    const teamsType = await createEventType(t.db, host.id, {
      slug: "teams",
      title: "Teams call",
      durationMinutes: 30,
      location: { type: "microsoft_teams", value: "ignored" } as never,
      destinationCalendarId: msCalendar.id,
    });
    expect(teamsType).toMatchObject({ location: { type: "microsoft_teams" }, destinationCalendarId: msCalendar.id });
    expect(await updateEventType(t.db, host.id, teamsType.id, { destinationCalendarId: null }).catch((e: AppError) => e.details[0].path)).toBe("location.type");

    // Read-only and foreign calendars are no destination.
    const ics = await connectIcsFeed(t.db, host.id, { provider: "ics", url: feed.url });
    await t.db.connectedCalendar.updateMany({ where: { connectionId: ics.id }, data: { selectedForConflicts: false } });
    const readOnly = await refused(updateEventType(t.db, host.id, meet.id, { location: { type: "phone", value: "+49 30 1234" }, destinationCalendarId: ics.calendars[0].id }));
    expect(readOnly.details).toEqual([{ path: "destinationCalendarId", message: "“Holidays” is read-only for Kairos, so bookings cannot be added to it." }]);
    const other = await createTestHost(t.db, "Olga Other");
    const foreign = await refused(createEventType(t.db, other.id, { slug: "x", title: "X", durationMinutes: 30, location: { type: "phone", value: "+49 30 1234" }, destinationCalendarId: googleCalendar.id }));
    expect(foreign.details[0]).toMatchObject({ path: "destinationCalendarId", message: expect.stringMatching(/^No such calendar/) });
  });
});

describe("seated meetings: one event per meeting, listing its guests", () => {
  const seatedMeetType = (hostId: string) =>
    createEventType(t.db, hostId, {
      slug: `workshop-${Math.random().toString(36).slice(2, 8)}`,
      title: "Workshop",
      durationMinutes: 30,
      location: { type: "google_meet" },
      minimumNoticeMinutes: 60,
      seatsPerSlot: 3,
    });
  const drainAll = () => drainJobs(t.db, jobHandlers, { kinds: ["booking.write-back", "booking.delete-orphan-event"] });
  const guestsOf = (event: Record<string, unknown>) => ((event.attendees ?? []) as { email: string }[]).map((a) => a.email).sort();

  it("guests join the same event (same Meet link); a cancelled guest leaves it; the last one deletes it", async () => {
    const { host, externalId, calendar } = await hostWith("google");
    const eventType = await seatedMeetType(host.id);
    const a = await book(eventType.id, "10:00", "a");
    await drain();
    const first = await bookingRow(a.booking.id);
    expect(first).toMatchObject({ writeBackStatus: "synced", calendarEventCalendarId: calendar.id });

    // The second guest's booking carries the meeting's event and link from the start.
    const b = await book(eventType.id, "10:00", "b");
    expect(b.booking).toMatchObject({ seatGroupId: a.booking.seatGroupId, calendarEventId: first.calendarEventId, conferenceUrl: first.conferenceUrl, writeBackStatus: "pending" });
    await drain();
    const [event, ...others] = await liveGoogle(externalId);
    expect(others).toEqual([]);
    expect(event).toMatchObject({ id: first.calendarEventId, summary: "Workshop", hangoutLink: first.conferenceUrl });
    expect(guestsOf(event)).toEqual(["guesta@example.com", "guestb@example.com"]);
    // Strangers sharing a meeting do not see each other's addresses.
    expect(event.guestsCanSeeOtherGuests).toBe(false);
    expect(String(event.description)).toContain("Booked with Kairos by 2 guests");
    expect(await bookingRow(b.booking.id)).toMatchObject({ writeBackStatus: "synced", calendarEventId: first.calendarEventId });

    await cancelBooking(t.db, a.booking.uid, { kind: "guest", token: a.guestToken! }, undefined, { inlineWriteBack: false });
    await drain();
    const [after] = await liveGoogle(externalId);
    expect(guestsOf(after)).toEqual(["guestb@example.com"]);
    expect(await bookingRow(a.booking.id)).toMatchObject({ status: "cancelled", writeBackStatus: "synced", calendarEventId: null });

    await cancelBooking(t.db, b.booking.uid, { kind: "host", userId: host.id }, undefined, { inlineWriteBack: false });
    await drain();
    expect(await liveGoogle(externalId)).toEqual([]);
  });

  it("two guests booking at once, each written inline: the event ends up listing both", async () => {
    const { host, externalId } = await hostWith("google");
    const eventType = await seatedMeetType(host.id);
    const both = await Promise.all(
      ["c", "d"].map((n) => createBooking(t.db, { eventTypeId: eventType.id, start: utc(day, "11:00"), attendee: testAttendee(n) })),
    );
    expect(both[0].booking.seatGroupId).toBe(both[1].booking.seatGroupId);
    // Whichever run read the meeting before the other guest joined ends superseded and queues a fresh one.
    await makeJobsDue();
    await drainAll();
    const events = await liveGoogle(externalId);
    expect(events).toHaveLength(1);
    expect(guestsOf(events[0])).toEqual(["guestc@example.com", "guestd@example.com"]);
    for (const { booking } of both) expect(await bookingRow(booking.id)).toMatchObject({ writeBackStatus: "synced", calendarEventId: events[0].id });
  });

  it("a guest moving into another meeting: that event gains them; the one they left loses them, or goes when they were its only guest", async () => {
    const { host, externalId } = await hostWith("google");
    const eventType = await seatedMeetType(host.id);
    const a = await book(eventType.id, "12:00", "a");
    const b = await book(eventType.id, "12:00", "b");
    const c = await book(eventType.id, "14:00", "c");
    await drain();
    expect(await liveGoogle(externalId)).toHaveLength(2);
    const noon = (await bookingRow(a.booking.id)).calendarEventId;
    const two = (await bookingRow(c.booking.id)).calendarEventId;

    // b moves to 14:00: the 14:00 event lists b and c, the noon one only a.
    await rescheduleBooking(t.db, b.booking.uid, { kind: "guest", token: b.guestToken! }, utc(day, "14:00"), { inlineWriteBack: false });
    await drainAll();
    const byId = async () => Object.fromEntries((await liveGoogle(externalId)).map((e) => [e.id, guestsOf(e)]));
    expect(await byId()).toEqual({ [noon!]: ["guesta@example.com"], [two!]: ["guestb@example.com", "guestc@example.com"] });

    // a, noon's only guest, moves to 14:00 too: the noon event is deleted.
    await rescheduleBooking(t.db, a.booking.uid, { kind: "guest", token: a.guestToken! }, utc(day, "14:00"), { inlineWriteBack: false });
    await drainAll();
    expect(await byId()).toEqual({ [two!]: ["guesta@example.com", "guestb@example.com", "guestc@example.com"] });
    expect(await t.db.jobRun.findMany({ where: { kind: "booking.delete-orphan-event" } })).toEqual([
      expect.objectContaining({ outcome: "succeeded", result: { action: "deleted", eventId: noon } }),
    ]);
  });
});
