/**
 * The Google adapter through the real googleapis client against the Google
 * emulator: every CalendarProvider method, token refresh, and failures.
 * Run also with TZ=America/Los_Angeles: nothing may depend on the process zone.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startGoogleEmulator, type GoogleEmulator } from "@/e2e/emulators/google";
import { tokensFromCodeFlow } from "@/test/calendar-connections";
import { rejection } from "@/test/rejection";
import { loadConfig } from "../../config";
import type { OAuthTokens } from "../oauth-tokens";
import { blocksTime, type EventWrite, type ProviderEvent } from "../provider";
import { CalendarProviderError } from "../provider-error";
import { createGoogleCalendarProvider, type GoogleCalendarProvider } from "./google-calendar-provider";
import { googleEventIdFor } from "./google-events";
import { buildAuthorizeUrl, exchangeCode } from "./google-oauth";
import { googleSettings, type GoogleSettings } from "./google-settings";

const ADA = "ada@example.com";
const BOB = "bob@example.com";
const REDIRECT_URI = "http://localhost:3000/api/v1/calendars/google/callback";
const utc = (iso: string) => Date.parse(iso);
/** March and April 2026: Europe/Berlin moves from +01:00 to +02:00 on 29 March. */
const SPRING = { start: utc("2026-03-01T00:00:00Z"), end: utc("2026-05-01T00:00:00Z") };

let emu: GoogleEmulator;
let settings: GoogleSettings;
let tokens: OAuthTokens;
let stored: OAuthTokens[];
let provider: GoogleCalendarProvider;

beforeAll(async () => {
  emu = await startGoogleEmulator({ accounts: [{ email: ADA, name: "Ada Lovelace", timeZone: "Europe/Berlin" }] });
  settings = googleSettings(loadConfig({ NODE_ENV: "test", ...emu.env }));
});
afterAll(() => emu.stop());

function adapter(overrides: Partial<Parameters<typeof createGoogleCalendarProvider>[0]> = {}) {
  return createGoogleCalendarProvider({
    tokens,
    settings,
    onTokens: (t) => {
      stored.push(t);
    },
    ...overrides,
  });
}

beforeEach(async () => {
  await emu.control.reset();
  stored = [];
  // The real connect flow: authorize → 302 with a code → exchange.
  tokens = await tokensFromCodeFlow({ buildAuthorizeUrl, exchangeCode }, { settings }, { redirectUri: REDIRECT_URI, loginHint: ADA });
  provider = adapter();
});

const booking = (overrides: Partial<EventWrite> = {}): EventWrite => ({
  idempotencyKey: "booking:6a0c1f4e-2b7d-4e57-9a51-0f3f4b8c1d22",
  title: "Intro call with Grace",
  description: "Booked with Kairos.",
  start: utc("2026-04-14T07:00:00Z"),
  end: utc("2026-04-14T07:30:00Z"),
  timeZone: "Europe/Berlin",
  attendees: [{ name: "Grace Hopper", email: "grace@example.org" }],
  ...overrides,
});

describe("tokens", () => {
  it("refreshes an expired access token before the call and hands the new one to onTokens", async () => {
    const expired = adapter({ tokens: { ...tokens, expiresAt: Date.now() - 1_000 } });
    const before = (await emu.control.requests()).lastSeq;
    await expired.listCalendars();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toEqual({ accessToken: expect.stringMatching(/^ya29\./), refreshToken: tokens.refreshToken, expiresAt: expect.any(Number), scope: tokens.scope });
    expect(stored[0].accessToken).not.toBe(tokens.accessToken);
    expect(stored[0].expiresAt).toBeGreaterThan(Date.now() + 3_500_000);
    const { requests } = await emu.control.requests({ since: before });
    expect(requests.map((r) => `${r.status} ${r.method} ${r.path}`)).toEqual(["200 POST /token", "200 GET /calendar/v3/users/me/calendarList"]);

    // The new token is used from then on: no second refresh.
    await expired.listCalendars();
    expect(stored).toHaveLength(1);
  });

  it("refreshes once and retries when the provider rejects a token it had not expired yet", async () => {
    await emu.control.expireAccessTokens(ADA);
    const before = (await emu.control.requests()).lastSeq;
    expect((await provider.listCalendars())[0].externalId).toBe(ADA);
    const { requests } = await emu.control.requests({ since: before });
    expect(requests.map((r) => `${r.status} ${r.method} ${r.path}`)).toEqual([
      "401 GET /calendar/v3/users/me/calendarList",
      "200 POST /token",
      "200 GET /calendar/v3/users/me/calendarList",
    ]);
    expect(stored).toHaveLength(1);
  });

  it("fails with 'auth' once the refresh token is revoked", async () => {
    await emu.control.expireAccessTokens(ADA);
    await emu.control.revokeRefreshTokens({ email: ADA });
    const error = await rejection(provider.listEvents(ADA, SPRING), CalendarProviderError);
    expect(error.reason).toBe("auth");
    expect(error.retryable).toBe(false);
    expect(error.message).toContain("invalid_grant");
    expect(stored).toEqual([]);
  });

  it("surfaces a failure to store refreshed tokens to the caller", async () => {
    const failing = adapter({
      tokens: { ...tokens, expiresAt: Date.now() - 1_000 },
      onTokens: () => Promise.reject(new Error("database is down")),
    });
    await expect(failing.listCalendars()).rejects.toThrow("database is down");
  });
});

describe("calendars and events", () => {
  it("lists the calendars the account can see, with write access and zone", async () => {
    await emu.control.createAccount({ email: BOB, name: "Bob", timeZone: "America/New_York" });
    const team = await emu.control.createCalendar(ADA, { summary: "Team", timeZone: "Europe/Lisbon" });
    const shared = await emu.control.createCalendar(BOB, { summary: "Bob's travel" });
    const busyOnly = await emu.control.createCalendar(BOB, { summary: "Bob's private" });
    await emu.control.shareCalendar(shared.id, ADA, "reader");
    await emu.control.shareCalendar(busyOnly.id, ADA, "freeBusyReader");

    const calendars = await provider.listCalendars();
    expect(calendars).toEqual([
      { externalId: ADA, name: ADA, isPrimary: true, canWrite: true, timeZone: "Europe/Berlin", color: expect.stringMatching(/^#/) },
      { externalId: team.id, name: "Team", isPrimary: false, canWrite: true, timeZone: "Europe/Lisbon", color: expect.stringMatching(/^#/) },
      { externalId: shared.id, name: "Bob's travel", isPrimary: false, canWrite: false, timeZone: "America/New_York", color: expect.stringMatching(/^#/) },
    ]);
  });

  it("normalizes a recurring series across DST with an EXDATE and a moved instance, declined, free and all-day events", async () => {
    const series = await emu.control.createEvent(ADA, {
      summary: "Standup",
      start: { dateTime: "2026-03-16T09:00:00", timeZone: "Europe/Berlin" },
      end: { dateTime: "2026-03-16T09:15:00", timeZone: "Europe/Berlin" },
      recurrence: ["RRULE:FREQ=WEEKLY;COUNT=5", "EXDATE;TZID=Europe/Berlin:20260330T090000"],
    });
    // "This event only": the 6 April standup moves to 11:00.
    await emu.control.updateEvent(ADA, `${series.id}_20260406T070000Z`, {
      start: { dateTime: "2026-04-06T11:00:00+02:00" },
      end: { dateTime: "2026-04-06T11:15:00+02:00" },
    });
    const declined = await emu.control.createEvent(ADA, {
      summary: "Vendor pitch",
      start: { dateTime: "2026-03-18T14:00:00+01:00" },
      end: { dateTime: "2026-03-18T15:00:00+01:00" },
      attendees: [{ email: "vendor@example.org", organizer: true }, { email: ADA, responseStatus: "declined" }],
    });
    const free = await emu.control.createEvent(ADA, {
      summary: "Focus (interruptible)",
      transparency: "transparent",
      start: { dateTime: "2026-03-19T08:00:00+01:00" },
      end: { dateTime: "2026-03-19T12:00:00+01:00" },
    });
    // Friday to Sunday across the switch to summer time: 47 hours.
    const allDay = await emu.control.createEvent(ADA, { summary: "Conference", start: { date: "2026-03-28" }, end: { date: "2026-03-30" } });
    const gone = await emu.control.createEvent(ADA, {
      summary: "Cancelled lunch",
      start: { dateTime: "2026-03-20T12:00:00+01:00" },
      end: { dateTime: "2026-03-20T13:00:00+01:00" },
    });
    await emu.control.deleteEvent(ADA, gone.id);
    await emu.control.createEvent(ADA, { summary: "Outside", start: { dateTime: "2026-06-01T10:00:00Z" }, end: { dateTime: "2026-06-01T11:00:00Z" } });

    const events = await provider.listEvents(ADA, SPRING);
    const brief = (e: ProviderEvent) => ({ id: e.externalId, title: e.title, start: new Date(e.start).toISOString(), end: new Date(e.end).toISOString() });
    expect(events.map(brief)).toEqual([
      { id: `${series.id}_20260316T080000Z`, title: "Standup", start: "2026-03-16T08:00:00.000Z", end: "2026-03-16T08:15:00.000Z" },
      { id: declined.id, title: "Vendor pitch", start: "2026-03-18T13:00:00.000Z", end: "2026-03-18T14:00:00.000Z" },
      { id: free.id, title: "Focus (interruptible)", start: "2026-03-19T07:00:00.000Z", end: "2026-03-19T11:00:00.000Z" },
      { id: `${series.id}_20260323T080000Z`, title: "Standup", start: "2026-03-23T08:00:00.000Z", end: "2026-03-23T08:15:00.000Z" },
      { id: allDay.id, title: "Conference", start: "2026-03-27T23:00:00.000Z", end: "2026-03-29T22:00:00.000Z" },
      // 30 March is excluded; after the switch 09:00 Berlin is 07:00Z.
      { id: `${series.id}_20260406T070000Z`, title: "Standup", start: "2026-04-06T09:00:00.000Z", end: "2026-04-06T09:15:00.000Z" },
      { id: `${series.id}_20260413T070000Z`, title: "Standup", start: "2026-04-13T07:00:00.000Z", end: "2026-04-13T07:15:00.000Z" },
    ]);
    const byId = new Map(events.map((e) => [e.externalId, e]));
    for (const e of events.filter((e) => e.title === "Standup")) {
      expect(e).toMatchObject({ seriesId: series.id, allDay: false, status: "confirmed", showAs: "busy" });
    }
    expect(byId.get(declined.id)).toMatchObject({ selfResponse: "declined", showAs: "busy" });
    expect(byId.get(declined.id)!.seriesId).toBeUndefined();
    expect(byId.get(free.id)).toMatchObject({ showAs: "free" });
    expect(byId.get(allDay.id)).toMatchObject({ allDay: true, showAs: "busy" });
    expect(byId.get(allDay.id)!.etag).toBeTruthy();
    expect(byId.get(allDay.id)!.updatedAt).toBeGreaterThan(0);

    // What takes the host's time.
    const blocking = events.filter((e) => blocksTime(e, { allDayBlocks: false })).map((e) => e.title);
    expect(blocking).toEqual(["Standup", "Standup", "Standup", "Standup"]);
    expect(events.filter((e) => blocksTime(e, { allDayBlocks: true })).map((e) => e.title)).toContain("Conference");
  });

  it("pages through long listings (more than one page of 2500)", async () => {
    const series = await emu.control.createEvent(ADA, {
      summary: "Every day",
      start: { dateTime: "2026-03-01T10:00:00", timeZone: "Europe/Berlin" },
      end: { dateTime: "2026-03-01T10:30:00", timeZone: "Europe/Berlin" },
      recurrence: ["RRULE:FREQ=DAILY;COUNT=2600"],
    });
    const years = { start: SPRING.start, end: utc("2034-01-01T00:00:00Z") };
    const events = await provider.listEvents(ADA, years);
    expect(events).toHaveLength(2600);
    expect(new Set(events.map((e) => e.externalId)).size).toBe(2600);
    expect(events.every((e) => e.seriesId === series.id)).toBe(true);
    const pages = (await emu.control.requests({ method: "GET", pathPrefix: "/calendar/v3/calendars/" })).requests;
    expect(pages).toHaveLength(2);
    expect(pages[1].query.pageToken).toBeTruthy();
  });
});

describe("writing events", () => {
  it("creates an event with a Meet link under a key-derived id, writes it in the host's zone and invites", async () => {
    const written = await provider.createEvent(ADA, booking({ conference: "google_meet", location: "Google Meet" }));
    expect(written).toEqual({ externalId: googleEventIdFor(booking().idempotencyKey), conferenceUrl: expect.stringMatching(/^https:\/\/meet\.google\.com\//), etag: expect.any(String) });
    expect(written.externalId).toMatch(/^[a-v0-9]{5,1024}$/);

    const { items } = await emu.control.listStoredEvents(ADA);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      id: written.externalId,
      summary: "Intro call with Grace",
      description: "Booked with Kairos.",
      location: "Google Meet",
      start: { dateTime: "2026-04-14T09:00:00+02:00", timeZone: "Europe/Berlin" },
      end: { dateTime: "2026-04-14T09:30:00+02:00", timeZone: "Europe/Berlin" },
      attendees: [expect.objectContaining({ email: "grace@example.org", displayName: "Grace Hopper", responseStatus: "needsAction" })],
      hangoutLink: written.conferenceUrl,
    });
    const [insert] = (await emu.control.requests({ method: "POST", pathPrefix: "/calendar/v3/calendars/" })).requests;
    expect(insert.query).toMatchObject({ conferenceDataVersion: "1", sendUpdates: "all" });

    const [listed] = await provider.listEvents(ADA, SPRING);
    expect(listed).toMatchObject({ externalId: written.externalId, conferenceUrl: written.conferenceUrl, start: booking().start, end: booking().end });
  });

  it("never creates two events for one idempotency key, even when the write succeeded but answered 429", async () => {
    await emu.control.injectFault({ method: "POST", path: "/calendar/v3/calendars/*/events", status: 429, retryAfterSeconds: 7, applyFirst: true });
    const throttled = await rejection(provider.createEvent(ADA, booking({ conference: "google_meet" })), CalendarProviderError);
    expect(throttled).toMatchObject({ reason: "rate_limited", options: { retryAfterMs: 7_000, status: 429 } });
    expect(throttled.retryable).toBe(true);

    // The caller's retry gets the event the first attempt made (409 duplicate → read it).
    const retried = await provider.createEvent(ADA, booking({ conference: "google_meet" }));
    const again = await provider.createEvent(ADA, booking({ conference: "google_meet" }));
    expect(again).toEqual(retried);
    const { items } = await emu.control.listStoredEvents(ADA);
    expect(items.map((e) => e.id)).toEqual([retried.externalId]);
    expect(retried.conferenceUrl).toBe(items[0].hangoutLink);

    // A different key is a different event.
    const other = await provider.createEvent(ADA, booking({ idempotencyKey: "booking:other" }));
    expect(other.externalId).not.toBe(retried.externalId);
    expect((await emu.control.listStoredEvents(ADA)).items).toHaveLength(2);
  });

  it("does not resurrect an event deleted since its key was used", async () => {
    const written = await provider.createEvent(ADA, booking());
    await provider.deleteEvent(ADA, written.externalId);
    const error = await rejection(provider.createEvent(ADA, booking()), CalendarProviderError);
    expect(error.reason).toBe("invalid");
    expect(error.message).toMatch(/new key/);
  });

  it("updates an event (keeping its Meet link), and deleting twice succeeds", async () => {
    const written = await provider.createEvent(ADA, booking({ conference: "google_meet" }));
    const moved = booking({ title: "Intro call (moved)", start: utc("2026-04-15T12:00:00Z"), end: utc("2026-04-15T12:45:00Z"), conference: "google_meet" });
    const updated = await provider.updateEvent(ADA, written.externalId, moved);
    expect(updated.externalId).toBe(written.externalId);
    expect(updated.conferenceUrl).toBe(written.conferenceUrl);
    expect(updated.etag).not.toBe(written.etag);
    const [event] = (await emu.control.listStoredEvents(ADA)).items;
    expect(event).toMatchObject({ summary: "Intro call (moved)", start: { dateTime: "2026-04-15T14:00:00+02:00" }, end: { dateTime: "2026-04-15T14:45:00+02:00" } });

    await provider.deleteEvent(ADA, written.externalId);
    await provider.deleteEvent(ADA, written.externalId);
    await provider.deleteEvent(ADA, "neverexisted");
    expect((await emu.control.listStoredEvents(ADA)).items[0].status).toBe("cancelled");
    expect(await provider.listEvents(ADA, SPRING)).toEqual([]);
    expect((await rejection(provider.updateEvent(ADA, "neverexisted", moved), CalendarProviderError)).reason).toBe("not_found");
  });
});

describe("sync", () => {
  const at = (day: number, hour = 10) => ({
    start: { dateTime: `2026-04-${String(day).padStart(2, "0")}T${hour}:00:00Z` },
    end: { dateTime: `2026-04-${String(day).padStart(2, "0")}T${hour + 1}:00:00Z` },
  });

  it("starts with a full batch, then reports changes and deletions; a forgotten token gives a full batch again", async () => {
    const first = await emu.control.createEvent(ADA, { summary: "First", ...at(1) });
    const second = await emu.control.createEvent(ADA, { summary: "Second", ...at(2) });
    const third = await emu.control.createEvent(ADA, { summary: "Third", ...at(3) });
    const series = await emu.control.createEvent(ADA, {
      summary: "Daily",
      start: { dateTime: "2026-04-06T09:00:00", timeZone: "Europe/Berlin" },
      end: { dateTime: "2026-04-06T09:15:00", timeZone: "Europe/Berlin" },
      recurrence: ["RRULE:FREQ=DAILY;COUNT=3"],
    });

    const full = await provider.syncEvents(ADA, null, SPRING);
    expect(full.full).toBe(true);
    expect(full.removedIds).toEqual([]);
    expect(full.changed.map((e) => e.title)).toEqual(["First", "Second", "Third", "Daily", "Daily", "Daily"]);
    expect(full.cursor).toBeTruthy();

    const quiet = await provider.syncEvents(ADA, full.cursor, SPRING);
    expect(quiet).toEqual({ changed: [], removedIds: [], full: false, cursor: expect.any(String) });

    // A person edits their calendar.
    await emu.control.updateEvent(ADA, second.id, { summary: "Second (renamed)" });
    await emu.control.deleteEvent(ADA, third.id);
    await emu.control.deleteEvent(ADA, `${series.id}_20260407T070000Z`);
    const added = await emu.control.createEvent(ADA, { summary: "Added", ...at(9) });
    await emu.control.updateEvent(ADA, first.id, { start: { dateTime: "2026-07-01T10:00:00Z" }, end: { dateTime: "2026-07-01T11:00:00Z" } });

    const delta = await provider.syncEvents(ADA, quiet.cursor, SPRING);
    expect(delta.full).toBe(false);
    expect(delta.changed.map((e) => [e.externalId, e.title])).toEqual([
      [second.id, "Second (renamed)"],
      [added.id, "Added"],
    ]);
    // Deleted, a deleted instance, and one moved out of the window.
    expect([...delta.removedIds].sort()).toEqual([first.id, third.id, `${series.id}_20260407T070000Z`].sort());

    await emu.control.invalidateSyncTokens(ADA);
    const restarted = await provider.syncEvents(ADA, delta.cursor, SPRING);
    expect(restarted.full).toBe(true);
    expect(restarted.changed.map((e) => e.title)).toEqual(["Second (renamed)", "Daily", "Daily", "Added"]);
    const { requests } = await emu.control.requests({ method: "GET", pathPrefix: "/calendar/v3/calendars/" });
    expect(requests.filter((r) => r.status === 410)).toHaveLength(1);

    const next = await provider.syncEvents(ADA, restarted.cursor, SPRING);
    expect(next).toMatchObject({ changed: [], removedIds: [], full: false });
  });
});

describe("push notifications", () => {
  let receiver: http.Server;
  let received: http.IncomingHttpHeaders[] = [];
  let callbackUrl: string;

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        received.push(req.headers);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/v1/calendars/google/notifications`;
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
  beforeEach(() => {
    received = [];
  });

  it("opens a channel whose notifications reach the app, and stops it", async () => {
    const started = Date.now();
    const channel = await provider.watch(ADA, { channelId: "chan-0001", callbackUrl, secret: "s3cret-token", ttlSeconds: 3600 });
    expect(channel).toEqual({ id: "chan-0001", resourceId: expect.any(String), expiresAt: expect.any(Number) });
    expect(channel.expiresAt).toBeGreaterThanOrEqual(started + 3_599_000);
    expect(channel.expiresAt).toBeLessThanOrEqual(Date.now() + 3_600_000);

    await emu.control.createEvent(ADA, { summary: "Dentist", start: { dateTime: "2026-04-20T10:00:00Z" }, end: { dateTime: "2026-04-20T11:00:00Z" } });
    await emu.control.waitForDeliveries("google-push");
    expect(received.map((h) => [h["x-goog-channel-id"], h["x-goog-channel-token"], h["x-goog-resource-id"], h["x-goog-resource-state"]])).toEqual([
      ["chan-0001", "s3cret-token", channel.resourceId, "sync"],
      ["chan-0001", "s3cret-token", channel.resourceId, "exists"],
    ]);

    await provider.stopWatch({ ...channel, calendarId: ADA });
    await emu.control.createEvent(ADA, { summary: "After stop", start: { dateTime: "2026-04-21T10:00:00Z" }, end: { dateTime: "2026-04-21T11:00:00Z" } });
    await emu.control.waitForDeliveries("google-push");
    expect(received).toHaveLength(2);
    expect((await emu.control.channels()).channels).toEqual([]);
    // Stopping a channel that is gone already is not an error.
    await provider.stopWatch({ ...channel, calendarId: ADA });
  });
});

describe("failures", () => {
  it("429 with Retry-After → rate_limited with retryAfterMs, without library retries", async () => {
    await emu.control.injectFault({ method: "GET", path: "/calendar/v3/calendars/*/events", status: 429, retryAfterSeconds: 42 });
    const error = await rejection(provider.listEvents(ADA, SPRING), CalendarProviderError);
    expect(error).toMatchObject({ reason: "rate_limited", options: { provider: "google", status: 429, retryAfterMs: 42_000 } });
    expect(await emu.control.countRequests({ pathPrefix: "/calendar/v3/calendars/" })).toBe(1);
  });

  it("403 rateLimitExceeded / userRateLimitExceeded → rate_limited; other 403s → forbidden", async () => {
    await emu.control.injectFault({ method: "GET", path: "/calendar/v3/users/me/calendarList", status: 403, reason: "userRateLimitExceeded" });
    expect((await rejection(provider.listCalendars(), CalendarProviderError)).reason).toBe("rate_limited");
    await emu.control.injectFault({ method: "GET", path: "/calendar/v3/users/me/calendarList", status: 403, reason: "rateLimitExceeded" });
    expect((await rejection(provider.listCalendars(), CalendarProviderError)).reason).toBe("rate_limited");

    await emu.control.createAccount({ email: BOB });
    const readOnly = await emu.control.createCalendar(BOB, { summary: "Read only" });
    await emu.control.shareCalendar(readOnly.id, ADA, "reader");
    const denied = await rejection(provider.createEvent(readOnly.id, booking()), CalendarProviderError);
    expect(denied).toMatchObject({ reason: "forbidden", options: { status: 403 } });
  });

  it("500 → transient (retryable); an unknown calendar → not_found; a bad request → invalid", async () => {
    await emu.control.injectFault({ method: "GET", path: "/calendar/v3/users/me/calendarList", status: 500 });
    const error = await rejection(provider.listCalendars(), CalendarProviderError);
    expect(error).toMatchObject({ reason: "transient", options: { status: 500 } });
    expect(error.retryable).toBe(true);
    expect((await rejection(provider.listEvents("nobody@example.com", SPRING), CalendarProviderError)).reason).toBe("not_found");
    expect((await rejection(provider.listEvents(ADA, { start: SPRING.end, end: SPRING.start }), CalendarProviderError)).reason).toBe("invalid");

    // Input no provider could take fails before any request.
    await emu.control.clearRequests();
    expect((await rejection(provider.createEvent(ADA, booking({ timeZone: "Mars/Olympus" })), CalendarProviderError)).reason).toBe("invalid");
    expect((await rejection(provider.updateEvent(ADA, "x", booking({ end: booking().start - 1 })), CalendarProviderError)).reason).toBe("invalid");
    expect(await emu.control.countRequests()).toBe(0);
  });

  it("a provider that does not answer → transient after the timeout", async () => {
    const impatient = adapter({ timeoutMs: 300 });
    await emu.control.injectFault({ method: "GET", path: "/calendar/v3/users/me/calendarList", hang: true });
    const started = Date.now();
    const error = await rejection(impatient.listCalendars(), CalendarProviderError);
    expect(error.reason).toBe("transient");
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
