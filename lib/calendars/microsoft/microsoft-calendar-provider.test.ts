/**
 * The Microsoft adapter through the real Graph client against the Microsoft
 * emulator (https; certificate trusted via a fetch dispatcher): every
 * CalendarProvider method, token refresh, and failures.
 * Run also with TZ=America/Los_Angeles: nothing may depend on the process zone.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMicrosoftEmulator, type MicrosoftEmulator } from "@/e2e/emulators/microsoft";
import { startWebhookReceiver } from "@/e2e/emulators/microsoft/test-support";
import { tokensFromCodeFlow } from "@/test/calendar-connections";
import { rejection } from "@/test/rejection";
import { loadConfig } from "../../config";
import type { OAuthTokens } from "../oauth-tokens";
import { blocksTime, type EventWrite, type ProviderEvent } from "../provider";
import { CalendarProviderError } from "../provider-error";
import { createMicrosoftCalendarProvider, MAX_SUBSCRIPTION_MINUTES, type MicrosoftCalendarProvider } from "./microsoft-calendar-provider";
import { buildAuthorizeUrl, exchangeCode } from "./microsoft-oauth";
import { microsoftSettings, type MicrosoftSettings } from "./microsoft-settings";

const GRACE = "grace@contoso.test";
const REDIRECT_URI = "http://localhost:3000/api/v1/calendars/microsoft/callback";
const utc = (iso: string) => Date.parse(iso);
/** March and April 2026: Europe/Berlin moves from +01:00 to +02:00 on 29 March. */
const SPRING = { start: utc("2026-03-01T00:00:00Z"), end: utc("2026-05-01T00:00:00Z") };

let emu: MicrosoftEmulator;
let settings: MicrosoftSettings;
let tokens: OAuthTokens;
let stored: OAuthTokens[];
let provider: MicrosoftCalendarProvider;
let calendarId: string;

beforeAll(async () => {
  emu = await startMicrosoftEmulator({ users: [{ email: GRACE, displayName: "Grace Hopper", timeZone: "Europe/Berlin" }] });
  settings = microsoftSettings(loadConfig({ NODE_ENV: "test", ...emu.env }));
});
afterAll(() => emu.stop());

function adapter(overrides: Partial<Parameters<typeof createMicrosoftCalendarProvider>[0]> = {}) {
  return createMicrosoftCalendarProvider({
    tokens,
    settings,
    dispatcher: emu.dispatcher,
    timeZone: "Europe/Berlin",
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
  tokens = await tokensFromCodeFlow({ buildAuthorizeUrl, exchangeCode }, { settings, dispatcher: emu.dispatcher }, { redirectUri: REDIRECT_URI, loginHint: GRACE });
  provider = adapter();
  calendarId = (await emu.control.state()).calendars[0].id;
  await emu.control.clearRequests();
});

const log = async (since = 0) =>
  (await emu.control.requests({ since })).requests.map((r) => `${r.status} ${r.route}`);

const booking = (overrides: Partial<EventWrite> = {}): EventWrite => ({
  idempotencyKey: "booking:0b5f8a2e-3c1d-4f6a-8e7b-9a0c1d2e3f40",
  title: "Intro call with Ada",
  description: "Booked with Kairos.",
  start: utc("2026-04-14T07:00:00Z"),
  end: utc("2026-04-14T07:30:00Z"),
  timeZone: "Europe/Berlin",
  attendees: [{ name: "Ada Lovelace", email: "ada@example.org" }],
  ...overrides,
});

const berlin = (date: string, time: string) => ({ dateTime: `${date}T${time}:00`, timeZone: "W. Europe Standard Time" });

describe("tokens", () => {
  it("refreshes an expired access token before the call; the rotated pair goes to onTokens", async () => {
    const expired = adapter({ tokens: { ...tokens, expiresAt: Date.now() - 1_000 } });
    await expired.listCalendars();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresAt: expect.any(Number), scope: expect.stringContaining("Calendars.ReadWrite") });
    expect(stored[0].accessToken).not.toBe(tokens.accessToken);
    expect(stored[0].refreshToken).not.toBe(tokens.refreshToken);
    expect(stored[0].expiresAt).toBeGreaterThan(Date.now() + 3_500_000);
    expect(await log()).toEqual(["200 POST /:tenant/oauth2/v2.0/token", "200 GET /v1.0/me/calendars"]);

    await expired.listCalendars();
    expect(stored).toHaveLength(1);
  });

  it("after a 401 (token revoked early) refreshes once and retries the call", async () => {
    await emu.control.expireAccessTokens(GRACE);
    expect(await provider.listCalendars()).toHaveLength(1);
    expect(await log()).toEqual(["401 GET /v1.0/me/calendars", "200 POST /:tenant/oauth2/v2.0/token", "200 GET /v1.0/me/calendars"]);
    expect(stored).toHaveLength(1);
  });

  it("fails with 'auth' once the refresh token is revoked", async () => {
    await emu.control.expireAccessTokens(GRACE);
    await emu.control.revokeRefreshTokens({ email: GRACE });
    const error = await rejection(provider.listEvents(calendarId, SPRING), CalendarProviderError);
    expect(error).toMatchObject({ reason: "auth", options: { provider: "microsoft", status: 400 } });
    expect(error.retryable).toBe(false);
    expect(error.message).toContain("invalid_grant");
    expect(stored).toEqual([]);
  });

  it("shares one refresh among concurrent calls", async () => {
    const expired = adapter({ tokens: { ...tokens, expiresAt: 0 } });
    await Promise.all([expired.listCalendars(), expired.listCalendars(), expired.listEvents(calendarId, SPRING)]);
    expect((await log()).filter((l) => l.includes("/token"))).toEqual(["200 POST /:tenant/oauth2/v2.0/token"]);
    expect(stored).toHaveLength(1);
  });
});

describe("calendars and events", () => {
  it("lists the mailbox's calendars with write access", async () => {
    const side = await emu.control.createCalendar(GRACE, { name: "Side projects" });
    expect(await provider.listCalendars()).toEqual([
      { externalId: calendarId, name: "Calendar", isPrimary: true, canWrite: true },
      { externalId: side.id, name: "Side projects", isPrimary: false, canWrite: true },
    ]);
  });

  it("normalizes a series across DST with a deleted and a moved occurrence, declined, free, cancelled and all-day events", async () => {
    const series = await emu.control.createEvent(GRACE, {
      subject: "Weekly sync",
      start: berlin("2026-03-16", "09:00"),
      end: berlin("2026-03-16", "09:30"),
      recurrence: {
        pattern: { type: "weekly", interval: 1, daysOfWeek: ["monday"] },
        range: { type: "numbered", startDate: "2026-03-16", numberOfOccurrences: 5 },
      },
    });
    const occurrences = (await provider.listEvents(calendarId, SPRING)).filter((e) => e.seriesId === series.id);
    expect(occurrences).toHaveLength(5);
    // A person deletes the 30 March occurrence and moves the 6 April one to 11:00.
    await emu.control.deleteEvent(GRACE, occurrences[2].externalId);
    await emu.control.updateEvent(GRACE, occurrences[3].externalId, { start: berlin("2026-04-06", "11:00"), end: berlin("2026-04-06", "11:30") });

    const declined = await emu.control.createEvent(GRACE, {
      subject: "Vendor pitch",
      isOrganizer: false,
      responseStatus: { response: "declined", time: "2026-03-10T10:00:00Z" },
      start: berlin("2026-03-18", "14:00"),
      end: berlin("2026-03-18", "15:00"),
    });
    const free = await emu.control.createEvent(GRACE, { subject: "Focus", showAs: "free", start: berlin("2026-03-19", "08:00"), end: berlin("2026-03-19", "12:00") });
    await emu.control.createEvent(GRACE, { subject: "Called off", isCancelled: true, start: berlin("2026-03-20", "12:00"), end: berlin("2026-03-20", "13:00") });
    const allDay = await emu.control.createEvent(GRACE, {
      subject: "Conference",
      isAllDay: true,
      start: { dateTime: "2026-03-28T00:00:00", timeZone: "Europe/Berlin" },
      end: { dateTime: "2026-03-30T00:00:00", timeZone: "Europe/Berlin" },
    });
    const teams = await emu.control.createEvent(GRACE, {
      subject: "Town hall",
      isOnlineMeeting: true,
      onlineMeetingProvider: "teamsForBusiness",
      start: berlin("2026-04-20", "16:00"),
      end: berlin("2026-04-20", "17:00"),
    });

    const events = await provider.listEvents(calendarId, SPRING);
    const brief = (e: ProviderEvent) => ({ title: e.title, start: new Date(e.start).toISOString(), end: new Date(e.end).toISOString() });
    expect(events.map(brief)).toEqual([
      { title: "Weekly sync", start: "2026-03-16T08:00:00.000Z", end: "2026-03-16T08:30:00.000Z" },
      { title: "Vendor pitch", start: "2026-03-18T13:00:00.000Z", end: "2026-03-18T14:00:00.000Z" },
      { title: "Focus", start: "2026-03-19T07:00:00.000Z", end: "2026-03-19T11:00:00.000Z" },
      { title: "Weekly sync", start: "2026-03-23T08:00:00.000Z", end: "2026-03-23T08:30:00.000Z" },
      // Floating dates pinned to the mailbox zone: Friday midnight CET to Sunday midnight CEST, 47 hours.
      { title: "Conference", start: "2026-03-27T23:00:00.000Z", end: "2026-03-29T22:00:00.000Z" },
      { title: "Weekly sync", start: "2026-04-06T09:00:00.000Z", end: "2026-04-06T09:30:00.000Z" },
      { title: "Weekly sync", start: "2026-04-13T07:00:00.000Z", end: "2026-04-13T07:30:00.000Z" },
      { title: "Town hall", start: "2026-04-20T14:00:00.000Z", end: "2026-04-20T15:00:00.000Z" },
    ]);
    const byId = new Map(events.map((e) => [e.externalId, e]));
    const weekly = events.filter((e) => e.title === "Weekly sync");
    for (const e of weekly) expect(e).toMatchObject({ seriesId: series.id, allDay: false, status: "confirmed", showAs: "busy" });
    expect(weekly[2].externalId).toBe(occurrences[3].externalId);
    expect(byId.get(declined.id)).toMatchObject({ selfResponse: "declined", showAs: "busy" });
    expect(byId.get(declined.id)!.seriesId).toBeUndefined();
    expect(byId.get(free.id)).toMatchObject({ showAs: "free" });
    expect(byId.get(free.id)!.selfResponse).toBeUndefined();
    expect(byId.get(allDay.id)).toMatchObject({ allDay: true });
    expect(byId.get(teams.id)!.conferenceUrl).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//);
    expect(byId.get(teams.id)!.etag).toMatch(/^W\//);
    expect(byId.get(teams.id)!.updatedAt).toBeGreaterThan(0);

    expect(events.filter((e) => blocksTime(e, { allDayBlocks: false })).map((e) => e.title)).toEqual([
      "Weekly sync",
      "Weekly sync",
      "Weekly sync",
      "Weekly sync",
      "Town hall",
    ]);
  });

  it("pages calendarView with @odata.nextLink", async () => {
    await emu.control.createEvent(GRACE, {
      subject: "Daily",
      start: berlin("2026-03-01", "10:00"),
      end: berlin("2026-03-01", "10:15"),
      recurrence: { pattern: { type: "daily", interval: 1 }, range: { type: "numbered", startDate: "2026-03-01", numberOfOccurrences: 600 } },
    });
    const events = await provider.listEvents(calendarId, { start: SPRING.start, end: utc("2028-01-01T00:00:00Z") });
    expect(events).toHaveLength(600);
    expect(new Set(events.map((e) => e.externalId)).size).toBe(600);
    expect((await log()).filter((l) => l.includes("calendarView"))).toEqual([
      "200 GET /v1.0/me/calendars/:calendarId/calendarView",
      "200 GET /v1.0/me/calendars/:calendarId/calendarView",
      "200 GET /v1.0/me/calendars/:calendarId/calendarView",
    ]);
  });
});

describe("writing events", () => {
  it("creates an event with a Teams link in the chosen calendar, in the host's zone, with a transactionId", async () => {
    const side = await emu.control.createCalendar(GRACE, { name: "Bookings" });
    const written = await provider.createEvent(side.id, booking({ conference: "microsoft_teams", location: "Microsoft Teams" }));
    expect(written).toEqual({
      externalId: expect.any(String),
      conferenceUrl: expect.stringMatching(/^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//),
      etag: expect.stringMatching(/^W\//),
    });
    const { value } = await emu.control.listStoredEvents(GRACE, side.id);
    expect(value).toHaveLength(1);
    expect(value[0]).toMatchObject({
      id: written.externalId,
      subject: "Intro call with Ada",
      body: { contentType: "text", content: "Booked with Kairos." },
      location: expect.objectContaining({ displayName: "Microsoft Teams" }),
      originalStartTimeZone: "Europe/Berlin",
      start: { dateTime: "2026-04-14T07:00:00.0000000", timeZone: "UTC" },
      end: { dateTime: "2026-04-14T07:30:00.0000000", timeZone: "UTC" },
      transactionId: booking().idempotencyKey,
      isOnlineMeeting: true,
      onlineMeetingProvider: "teamsForBusiness",
      attendees: [expect.objectContaining({ type: "required", emailAddress: { address: "ada@example.org", name: "Ada Lovelace" } })],
    });
    expect((await emu.control.listStoredEvents(GRACE, calendarId)).value).toEqual([]);
  });

  it("never creates two events for one idempotency key, even when the write succeeded but answered 429", async () => {
    await emu.control.injectFault({ method: "POST", path: "/v1.0/me/calendars/*/events", status: 429, retryAfterSeconds: 1, applyFirst: true });
    const first = await provider.createEvent(calendarId, booking({ conference: "microsoft_teams" }));
    // The Graph client waited out Retry-After and re-sent the POST; Graph matched the transactionId.
    expect(await log()).toEqual(["429 POST /v1.0/me/calendars/:calendarId/events", "201 POST /v1.0/me/calendars/:calendarId/events"]);
    const again = await provider.createEvent(calendarId, booking({ conference: "microsoft_teams" }));
    expect(again.externalId).toBe(first.externalId);
    expect((await emu.control.listStoredEvents(GRACE)).value.map((e) => e.id)).toEqual([first.externalId]);

    const other = await provider.createEvent(calendarId, booking({ idempotencyKey: "booking:other" }));
    expect(other.externalId).not.toBe(first.externalId);
  });

  it("updates an event, and deleting twice succeeds", async () => {
    const written = await provider.createEvent(calendarId, booking({ conference: "microsoft_teams" }));
    const updated = await provider.updateEvent(
      calendarId,
      written.externalId,
      booking({ title: "Intro call (moved)", start: utc("2026-04-15T12:00:00Z"), end: utc("2026-04-15T12:45:00Z"), conference: "microsoft_teams" }),
    );
    expect(updated.externalId).toBe(written.externalId);
    expect(updated.conferenceUrl).toBe(written.conferenceUrl);
    expect(updated.etag).not.toBe(written.etag);
    const [event] = await provider.listEvents(calendarId, SPRING);
    expect(event).toMatchObject({ title: "Intro call (moved)", start: utc("2026-04-15T12:00:00Z"), end: utc("2026-04-15T12:45:00Z") });

    await provider.deleteEvent(calendarId, written.externalId);
    await provider.deleteEvent(calendarId, written.externalId);
    expect(await provider.listEvents(calendarId, SPRING)).toEqual([]);
    expect(await log()).toEqual(expect.arrayContaining(["204 DELETE /v1.0/me/events/:eventId", "404 DELETE /v1.0/me/events/:eventId"]));
    expect((await rejection(provider.updateEvent(calendarId, written.externalId, booking()), CalendarProviderError)).reason).toBe("not_found");
  });

  it("hides the attendees from each other when asked (the guests of a seated meeting)", async () => {
    const shared = await provider.createEvent(calendarId, { ...booking(), idempotencyKey: "seats:g1", attendeesPrivate: true });
    const plain = await provider.createEvent(calendarId, { ...booking(), idempotencyKey: "booking:b1" });
    const stored = Object.fromEntries((await emu.control.listStoredEvents(GRACE)).value.map((e) => [e.id, e.hideAttendees]));
    expect(stored).toMatchObject({ [shared.externalId]: true, [plain.externalId]: false });
  });
});

describe("sync", () => {
  const at = (day: number) => ({ start: berlin(`2026-04-${String(day).padStart(2, "0")}`, "10:00"), end: berlin(`2026-04-${String(day).padStart(2, "0")}`, "11:00") });

  it("starts with a full batch, then reports changes and @removed; a forgotten delta token gives a full batch again", async () => {
    const first = await emu.control.createEvent(GRACE, { subject: "First", ...at(1) });
    const second = await emu.control.createEvent(GRACE, { subject: "Second", ...at(2) });
    const third = await emu.control.createEvent(GRACE, { subject: "Third", ...at(3) });

    const full = await provider.syncEvents(calendarId, null, SPRING);
    expect(full).toMatchObject({ full: true, removedIds: [] });
    expect(full.changed.map((e) => e.title)).toEqual(["First", "Second", "Third"]);
    expect(full.cursor).toMatch(/\/v1\.0\/me\/calendars\/.+\/calendarView\/delta\?\$deltatoken=/);

    const quiet = await provider.syncEvents(calendarId, full.cursor, SPRING);
    expect(quiet).toEqual({ changed: [], removedIds: [], full: false, cursor: expect.any(String) });

    await emu.control.updateEvent(GRACE, second.id, { subject: "Second (renamed)" });
    await emu.control.deleteEvent(GRACE, third.id);
    const added = await emu.control.createEvent(GRACE, { subject: "Added", ...at(9) });
    await emu.control.updateEvent(GRACE, first.id, { isCancelled: true });

    const delta = await provider.syncEvents(calendarId, quiet.cursor, SPRING);
    expect(delta.full).toBe(false);
    expect(delta.changed.map((e) => [e.externalId, e.title])).toEqual([
      [second.id, "Second (renamed)"],
      [added.id, "Added"],
    ]);
    // Deleted (@removed) and cancelled.
    expect([...delta.removedIds].sort()).toEqual([first.id, third.id].sort());

    await emu.control.invalidateDeltaTokens(GRACE);
    const restarted = await provider.syncEvents(calendarId, delta.cursor, SPRING);
    expect(restarted.full).toBe(true);
    expect(restarted.changed.map((e) => e.title)).toEqual(["Second (renamed)", "Added"]);
    expect((await log()).filter((l) => l.startsWith("410"))).toEqual(["410 GET /v1.0/me/calendars/:calendarId/calendarView/delta"]);
    expect(await provider.syncEvents(calendarId, restarted.cursor, SPRING)).toMatchObject({ changed: [], removedIds: [], full: false });
  });

  it("follows nextLink pages within a delta round", async () => {
    await emu.control.createEvent(GRACE, {
      subject: "Daily",
      start: berlin("2026-03-01", "10:00"),
      end: berlin("2026-03-01", "10:15"),
      recurrence: { pattern: { type: "daily", interval: 1 }, range: { type: "numbered", startDate: "2026-03-01", numberOfOccurrences: 600 } },
    });
    const batch = await provider.syncEvents(calendarId, null, { start: SPRING.start, end: utc("2028-01-01T00:00:00Z") });
    expect(batch.changed).toHaveLength(600);
    expect((await log()).filter((l) => l.includes("delta"))).toHaveLength(3);
  });
});

describe("subscriptions", () => {
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  afterEach(() => receiver?.close());

  it("subscribes (answering the validation handshake), is notified with clientState, renews and stops", async () => {
    receiver = await startWebhookReceiver();
    const callbackUrl = `${receiver.base}/api/v1/calendars/microsoft/notifications`;
    const started = Date.now();
    const channel = await provider.watch(calendarId, { channelId: "unused-by-graph", callbackUrl, secret: "kairos-client-state", ttlSeconds: 2 * 86_400 });
    expect(channel.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(channel.expiresAt).toBeGreaterThanOrEqual(started + 2 * 86_400_000 - 1_000);
    const [subscription] = (await emu.control.subscriptions()).subscriptions;
    expect(subscription).toMatchObject({
      id: channel.id,
      resource: `me/calendars/${calendarId}/events`,
      changeType: "created,updated,deleted",
      clientState: "kairos-client-state",
      notificationUrl: callbackUrl,
      lifecycleNotificationUrl: callbackUrl,
    });

    const created = await emu.control.createEvent(GRACE, { subject: "Dentist", start: berlin("2026-04-20", "10:00"), end: berlin("2026-04-20", "11:00") }, calendarId);
    await receiver.waitFor(() => receiver.notifications("/api/v1/calendars/microsoft/notifications").length >= 1);
    const [notification] = receiver.notifications("/api/v1/calendars/microsoft/notifications");
    expect(notification.value[0]).toMatchObject({ subscriptionId: channel.id, changeType: "created", clientState: "kairos-client-state", resourceData: { id: created.id } });

    const renewed = await provider.renewWatch(channel, 3 * 86_400);
    expect(renewed.id).toBe(channel.id);
    expect(renewed.expiresAt).toBeGreaterThan(channel.expiresAt);

    await provider.stopWatch({ ...renewed, calendarId });
    expect((await emu.control.subscriptions()).subscriptions).toEqual([]);
    await provider.stopWatch({ ...renewed, calendarId });
  });

  it("caps the lifetime it asks for", async () => {
    receiver = await startWebhookReceiver();
    const channel = await provider.watch(calendarId, { channelId: "x", callbackUrl: `${receiver.base}/hook`, secret: "s", ttlSeconds: 30 * 86_400 });
    expect(channel.expiresAt).toBeLessThanOrEqual(Date.now() + MAX_SUBSCRIPTION_MINUTES * 60_000);
    expect(channel.expiresAt).toBeGreaterThan(Date.now() + (MAX_SUBSCRIPTION_MINUTES - 5) * 60_000);
  });
});

describe("failures", () => {
  it("a long Retry-After → rate_limited at once with retryAfterMs; a short one is waited out by the client", async () => {
    await emu.control.injectFault({ method: "GET", path: "/v1.0/me/calendars", status: 429, retryAfterSeconds: 30 });
    const started = Date.now();
    const error = await rejection(provider.listCalendars(), CalendarProviderError);
    expect(error).toMatchObject({ reason: "rate_limited", options: { provider: "microsoft", status: 429, retryAfterMs: 30_000 } });
    expect(error.retryable).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await log()).toEqual(["429 GET /v1.0/me/calendars"]);

    await emu.control.clearRequests();
    await emu.control.injectFault({ method: "GET", path: "/v1.0/me/calendars", status: 429, retryAfterSeconds: 1 });
    expect(await provider.listCalendars()).toHaveLength(1);
    expect(await log()).toEqual(["429 GET /v1.0/me/calendars", "200 GET /v1.0/me/calendars"]);
  });

  it("500 → transient; an unknown calendar → not_found; a bad request → invalid", async () => {
    await emu.control.injectFault({ method: "GET", path: "/v1.0/me/calendars", status: 500 });
    const error = await rejection(provider.listCalendars(), CalendarProviderError);
    expect(error).toMatchObject({ reason: "transient", options: { status: 500 } });
    expect(error.retryable).toBe(true);
    expect((await rejection(provider.listEvents("AAMkADnope", SPRING), CalendarProviderError)).reason).toBe("not_found");
    await emu.control.injectFault({ method: "POST", path: "/v1.0/me/calendars/*/events", status: 400, reason: "ErrorInvalidRequest" });
    expect(await rejection(provider.createEvent(calendarId, booking()), CalendarProviderError)).toMatchObject({ reason: "invalid", options: { status: 400 } });
    // Input no provider could take fails before any request.
    await emu.control.clearRequests();
    expect((await rejection(provider.createEvent(calendarId, booking({ timeZone: "Mars/Olympus" })), CalendarProviderError)).reason).toBe("invalid");
    expect((await rejection(provider.updateEvent(calendarId, "x", booking({ end: booking().start - 1 })), CalendarProviderError)).reason).toBe("invalid");
    expect(await log()).toEqual([]);
  });

  it("a provider that does not answer → transient after the timeout", async () => {
    const impatient = adapter({ timeoutMs: 300 });
    await emu.control.injectFault({ method: "GET", path: "/v1.0/me/calendars", hang: true });
    const started = Date.now();
    const error = await rejection(impatient.listCalendars(), CalendarProviderError);
    expect(error.reason).toBe("transient");
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
