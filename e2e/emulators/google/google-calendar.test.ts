/**
 * The real googleapis Calendar v3 client against the emulator.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Auth, google, type calendar_v3 } from "googleapis";
import { startGoogleEmulator, type GoogleEmulator } from "./index";

const ADA = "ada@example.com";
let emu: GoogleEmulator;
let calendar: calendar_v3.Calendar;

beforeAll(async () => {
  emu = await startGoogleEmulator({ accounts: [{ email: ADA, name: "Ada Lovelace", timeZone: "Europe/Berlin" }] });
});
afterAll(() => emu.stop());

beforeEach(async () => {
  await emu.control.reset();
  const tokens = await emu.control.mintTokens({ email: ADA });
  const auth = new google.auth.OAuth2({
    clientId: emu.client.clientId,
    clientSecret: emu.client.clientSecret,
    endpoints: { oauth2TokenUrl: emu.tokenUrl },
  });
  auth.setCredentials({ access_token: tokens.access_token, refresh_token: tokens.refresh_token, expiry_date: Date.now() + 3_500_000 });
  calendar = google.calendar({ version: "v3", auth, rootUrl: emu.rootUrl });
});

async function gaxiosError(promise: Promise<unknown>) {
  const error = await promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Auth.gaxios.GaxiosError);
  return error as InstanceType<typeof Auth.gaxios.GaxiosError>;
}

const reasonOf = (error: InstanceType<typeof Auth.gaxios.GaxiosError>) =>
  (error.response?.data as { error: { errors: Array<{ reason: string }> } }).error.errors[0].reason;

describe("calendarList and calendars", () => {
  it("lists the primary calendar with Google's fields", async () => {
    await emu.control.createCalendar(ADA, { summary: "Team", timeZone: "America/New_York" });
    const { data } = await calendar.calendarList.list();
    expect(data.kind).toBe("calendar#calendarList");
    const [primary, team] = data.items!;
    expect(primary).toMatchObject({
      kind: "calendar#calendarListEntry",
      id: ADA,
      summary: ADA,
      primary: true,
      accessRole: "owner",
      timeZone: "Europe/Berlin",
      backgroundColor: expect.stringMatching(/^#[0-9a-f]{6}$/),
    });
    expect(team).toMatchObject({ summary: "Team", accessRole: "owner", timeZone: "America/New_York" });
    expect(team.id).toMatch(/@group\.calendar\.google\.com$/);
    expect(team.primary).toBeUndefined();

    const got = await calendar.calendars.get({ calendarId: "primary" });
    expect(got.data).toMatchObject({ kind: "calendar#calendar", id: ADA, timeZone: "Europe/Berlin" });
    expect((await gaxiosError(calendar.calendars.get({ calendarId: "nobody@example.com" }))).status).toBe(404);
  });
});

describe("events", () => {
  it("inserts an event with a Google Meet link; the same requestId yields the same conference", async () => {
    const requestBody = {
      summary: "Intro call",
      start: { dateTime: "2026-03-30T10:00:00+02:00", timeZone: "Europe/Berlin" },
      end: { dateTime: "2026-03-30T10:30:00+02:00", timeZone: "Europe/Berlin" },
      attendees: [{ email: "guest@example.org", displayName: "Guest" }],
      conferenceData: { createRequest: { requestId: "booking-42", conferenceSolutionKey: { type: "hangoutsMeet" } } },
    };
    const { data, status } = await calendar.events.insert({ calendarId: "primary", conferenceDataVersion: 1, sendUpdates: "all", requestBody });
    expect(status).toBe(200);
    expect(data).toMatchObject({
      kind: "calendar#event",
      status: "confirmed",
      summary: "Intro call",
      start: { dateTime: "2026-03-30T10:00:00+02:00", timeZone: "Europe/Berlin" },
      end: { dateTime: "2026-03-30T10:30:00+02:00", timeZone: "Europe/Berlin" },
      organizer: { email: ADA, self: true },
      creator: { email: ADA, self: true },
      attendees: [{ email: "guest@example.org", displayName: "Guest", responseStatus: "needsAction" }],
      eventType: "default",
      sequence: 0,
    });
    expect(data.id).toMatch(/^[a-v0-9]{26}$/);
    expect(data.iCalUID).toBe(`${data.id}@google.com`);
    expect(data.etag).toMatch(/^"\d+"$/);
    expect(data.htmlLink).toMatch(/^https:\/\/www\.google\.com\/calendar\/event\?eid=/);
    expect(data.hangoutLink).toMatch(/^https:\/\/meet\.google\.com\/[a-z]{3}-[a-z]{4}-[a-z]{3}$/);
    expect(data.conferenceData).toMatchObject({
      conferenceId: data.hangoutLink!.split("/").pop(),
      conferenceSolution: { key: { type: "hangoutsMeet" }, name: "Google Meet" },
      entryPoints: [{ entryPointType: "video", uri: data.hangoutLink, label: data.hangoutLink!.replace("https://", "") }],
      createRequest: { requestId: "booking-42", status: { statusCode: "success" } },
    });

    const again = await calendar.events.insert({ calendarId: "primary", conferenceDataVersion: 1, requestBody });
    expect(again.data.id).not.toBe(data.id);
    expect(again.data.conferenceData?.conferenceId).toBe(data.conferenceData?.conferenceId);

    // Without conferenceDataVersion=1 Google ignores the create request.
    const ignored = await calendar.events.insert({ calendarId: "primary", requestBody: { ...requestBody, conferenceData: { createRequest: { requestId: "other", conferenceSolutionKey: { type: "hangoutsMeet" } } } } });
    expect(ignored.data.conferenceData).toBeUndefined();
    expect(ignored.data.hangoutLink).toBeUndefined();
  });

  it("honours client-supplied ids and answers 409 duplicate for a second insert", async () => {
    const requestBody = {
      id: "kairosbooking0001",
      summary: "Idempotent",
      start: { dateTime: "2026-04-01T09:00:00Z" },
      end: { dateTime: "2026-04-01T09:30:00Z" },
    };
    const first = await calendar.events.insert({ calendarId: "primary", requestBody });
    expect(first.data.id).toBe("kairosbooking0001");
    const dup = await gaxiosError(calendar.events.insert({ calendarId: "primary", requestBody }));
    expect(dup.status).toBe(409);
    expect(reasonOf(dup)).toBe("duplicate");
    const bad = await gaxiosError(calendar.events.insert({ calendarId: "primary", requestBody: { ...requestBody, id: "Not_Base32" } }));
    expect(bad.status).toBe(400);
    expect(reasonOf(bad)).toBe("invalid");
  });

  it("expands RRULE + EXDATE + a moved instance across the Berlin DST change with singleEvents", async () => {
    const master = await calendar.events.insert({
      calendarId: "primary",
      requestBody: {
        summary: "Weekly sync",
        start: { dateTime: "2026-03-16T09:00:00", timeZone: "Europe/Berlin" },
        end: { dateTime: "2026-03-16T09:30:00", timeZone: "Europe/Berlin" },
        recurrence: ["RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=5", "EXDATE;TZID=Europe/Berlin:20260406T090000"],
      },
    });
    const id = master.data.id!;
    // The person moves the 23 March instance to 10:30 (via the real client, by instance id).
    const moved = await calendar.events.patch({
      calendarId: "primary",
      eventId: `${id}_20260323T080000Z`,
      requestBody: {
        start: { dateTime: "2026-03-23T10:30:00+01:00" },
        end: { dateTime: "2026-03-23T11:00:00+01:00" },
      },
    });
    expect(moved.data).toMatchObject({ id: `${id}_20260323T080000Z`, recurringEventId: id, summary: "Weekly sync" });

    const { data } = await calendar.events.list({
      calendarId: "primary",
      singleEvents: true,
      orderBy: "startTime",
      timeMin: "2026-03-01T00:00:00Z",
      timeMax: "2026-05-01T00:00:00Z",
    });
    expect(data.timeZone).toBe("Europe/Berlin");
    expect(
      data.items!.map((e) => ({ id: e.id, start: e.start?.dateTime, end: e.end?.dateTime, original: e.originalStartTime?.dateTime })),
    ).toEqual([
      { id: `${id}_20260316T080000Z`, start: "2026-03-16T09:00:00+01:00", end: "2026-03-16T09:30:00+01:00", original: "2026-03-16T09:00:00+01:00" },
      { id: `${id}_20260323T080000Z`, start: "2026-03-23T10:30:00+01:00", end: "2026-03-23T11:00:00+01:00", original: "2026-03-23T09:00:00+01:00" },
      { id: `${id}_20260330T070000Z`, start: "2026-03-30T09:00:00+02:00", end: "2026-03-30T09:30:00+02:00", original: "2026-03-30T09:00:00+02:00" },
      { id: `${id}_20260413T070000Z`, start: "2026-04-13T09:00:00+02:00", end: "2026-04-13T09:30:00+02:00", original: "2026-04-13T09:00:00+02:00" },
    ]);
    for (const item of data.items!) {
      expect(item.recurringEventId).toBe(id);
      expect(item.recurrence).toBeUndefined();
      expect(item.start?.timeZone).toBe("Europe/Berlin");
    }

    // Same instants rendered in another zone on request.
    const ny = await calendar.events.list({ calendarId: "primary", singleEvents: true, orderBy: "startTime", timeZone: "America/New_York", timeMin: "2026-03-29T00:00:00Z", timeMax: "2026-04-01T00:00:00Z" });
    expect(ny.data.items!.map((e) => e.start?.dateTime)).toEqual(["2026-03-30T03:00:00-04:00"]);

    // Without singleEvents: the master plus its exception.
    const raw = await calendar.events.list({ calendarId: "primary" });
    expect(raw.data.items!.map((e) => e.id).sort()).toEqual([id, `${id}_20260323T080000Z`].sort());
    expect(raw.data.items!.find((e) => e.id === id)?.recurrence).toEqual([
      "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=5",
      "EXDATE;TZID=Europe/Berlin:20260406T090000",
    ]);

    const instances = await calendar.events.instances({ calendarId: "primary", eventId: id });
    expect(instances.data.items).toHaveLength(4);
    const instance = await calendar.events.get({ calendarId: "primary", eventId: `${id}_20260330T070000Z` });
    expect(instance.data.start?.dateTime).toBe("2026-03-30T09:00:00+02:00");
    expect((await gaxiosError(calendar.events.get({ calendarId: "primary", eventId: `${id}_20260406T070000Z` }))).status).toBe(404);
  });

  it("patches (merging nested fields, bumping sequence on time changes) and deletes (204, then 410)", async () => {
    const created = await calendar.events.insert({
      calendarId: "primary",
      requestBody: {
        summary: "Draft",
        description: "keep me",
        start: { dateTime: "2026-04-02T14:00:00", timeZone: "Europe/Berlin" },
        end: { dateTime: "2026-04-02T15:00:00", timeZone: "Europe/Berlin" },
      },
    });
    const id = created.data.id!;
    const renamed = await calendar.events.patch({ calendarId: "primary", eventId: id, requestBody: { summary: "Final" } });
    expect(renamed.data).toMatchObject({ summary: "Final", description: "keep me", sequence: 0 });
    expect(renamed.data.etag).not.toBe(created.data.etag);
    const moved = await calendar.events.patch({
      calendarId: "primary",
      eventId: id,
      requestBody: { start: { dateTime: "2026-04-02T16:00:00+02:00" }, end: { dateTime: "2026-04-02T17:00:00+02:00" } },
    });
    expect(moved.data).toMatchObject({ sequence: 1, start: { dateTime: "2026-04-02T16:00:00+02:00", timeZone: "Europe/Berlin" } });

    const removed = await calendar.events.delete({ calendarId: "primary", eventId: id, sendUpdates: "none" });
    expect(removed.status).toBe(204);
    const again = await gaxiosError(calendar.events.delete({ calendarId: "primary", eventId: id }));
    expect(again.status).toBe(410);
    expect(reasonOf(again)).toBe("deleted");
    expect((await calendar.events.get({ calendarId: "primary", eventId: id })).data.status).toBe("cancelled");
    expect((await gaxiosError(calendar.events.patch({ calendarId: "primary", eventId: "doesnotexist1", requestBody: {} }))).status).toBe(404);
  });

  it("validates times like Google", async () => {
    const empty = await gaxiosError(
      calendar.events.insert({ calendarId: "primary", requestBody: { start: { dateTime: "2026-04-02T15:00:00Z" }, end: { dateTime: "2026-04-02T14:00:00Z" } } }),
    );
    expect(empty.status).toBe(400);
    expect(reasonOf(empty)).toBe("timeRangeEmpty");
    const noZone = await gaxiosError(
      calendar.events.insert({ calendarId: "primary", requestBody: { start: { dateTime: "2026-04-02T15:00:00" }, end: { dateTime: "2026-04-02T16:00:00" } } }),
    );
    expect(noZone.status).toBe(400);
    const missingEnd = await gaxiosError(calendar.events.insert({ calendarId: "primary", requestBody: { start: { date: "2026-04-02" } } }));
    expect(reasonOf(missingEnd)).toBe("required");
  });
});

describe("freeBusy", () => {
  it("returns merged busy blocks, skipping transparent, cancelled and declined events, with per-calendar errors", async () => {
    await emu.control.createEvent(ADA, { summary: "busy", start: { dateTime: "2026-03-30T09:00:00+02:00" }, end: { dateTime: "2026-03-30T10:00:00+02:00" } });
    await emu.control.createEvent(ADA, { summary: "overlapping", start: { dateTime: "2026-03-30T09:30:00+02:00" }, end: { dateTime: "2026-03-30T10:30:00+02:00" } });
    await emu.control.createEvent(ADA, { summary: "free", transparency: "transparent", start: { dateTime: "2026-03-30T12:00:00+02:00" }, end: { dateTime: "2026-03-30T13:00:00+02:00" } });
    await emu.control.createEvent(ADA, {
      summary: "declined",
      start: { dateTime: "2026-03-30T14:00:00+02:00" },
      end: { dateTime: "2026-03-30T15:00:00+02:00" },
      attendees: [{ email: ADA, responseStatus: "declined" }],
    });
    const gone = await emu.control.createEvent(ADA, { summary: "gone", start: { dateTime: "2026-03-30T16:00:00+02:00" }, end: { dateTime: "2026-03-30T17:00:00+02:00" } });
    await emu.control.deleteEvent(ADA, gone.id);
    await emu.control.createEvent(ADA, {
      summary: "daily",
      start: { dateTime: "2026-03-29T08:00:00", timeZone: "Europe/Berlin" },
      end: { dateTime: "2026-03-29T08:15:00", timeZone: "Europe/Berlin" },
      recurrence: ["RRULE:FREQ=DAILY"],
    });

    const { data } = await calendar.freebusy.query({
      requestBody: {
        timeMin: "2026-03-30T00:00:00+02:00",
        timeMax: "2026-03-31T00:00:00+02:00",
        items: [{ id: "primary" }, { id: "stranger@example.net" }],
      },
    });
    expect(data.kind).toBe("calendar#freeBusy");
    expect(data.calendars!.primary.busy).toEqual([
      { start: "2026-03-30T06:00:00Z", end: "2026-03-30T06:15:00Z" },
      { start: "2026-03-30T07:00:00Z", end: "2026-03-30T08:30:00Z" },
    ]);
    expect(data.calendars!["stranger@example.net"]).toEqual({ errors: [{ domain: "global", reason: "notFound" }], busy: [] });

    const zoned = await calendar.freebusy.query({
      requestBody: { timeMin: "2026-03-30T00:00:00Z", timeMax: "2026-03-30T07:00:00Z", timeZone: "Europe/Berlin", items: [{ id: ADA }] },
    });
    expect(zoned.data.calendars![ADA].busy).toEqual([{ start: "2026-03-30T08:00:00+02:00", end: "2026-03-30T08:15:00+02:00" }]);

    const tooLong = await gaxiosError(
      calendar.freebusy.query({ requestBody: { timeMin: "2026-01-01T00:00:00Z", timeMax: "2026-06-01T00:00:00Z", items: [{ id: ADA }] } }),
    );
    expect(tooLong.status).toBe(400);
  });
});

describe("faults and request counters", () => {
  it("surfaces an injected 429 with Retry-After as a GaxiosError (POST is not retried)", async () => {
    await emu.control.injectFault({ method: "POST", path: "/calendar/v3/calendars/*/events", status: 429, retryAfterSeconds: 7 });
    const error = await gaxiosError(
      calendar.events.insert({ calendarId: "primary", requestBody: { start: { date: "2026-04-01" }, end: { date: "2026-04-02" } } }),
    );
    expect(error.status).toBe(429);
    expect(error.response?.headers.get("retry-after")).toBe("7");
    expect(reasonOf(error)).toBe("rateLimitExceeded");
    expect(await emu.control.countRequests({ route: "POST /calendar/v3/calendars/:calendarId/events" })).toBe(1);
    expect((await emu.control.listStoredEvents(ADA)).items).toHaveLength(0);
  });

  it("counts the automatic retry googleapis makes for a GET that got 429", async () => {
    await emu.control.injectFault({ method: "GET", path: "/calendar/v3/users/me/calendarList", status: 429 });
    const list = await calendar.calendarList.list();
    expect(list.status).toBe(200);
    const { requests } = await emu.control.requests({ pathPrefix: "/calendar/v3/" });
    expect(requests.map((r) => r.status)).toEqual([429, 200]);
    expect(requests[0].fault).toBeTruthy();
  });

  it("can apply a write and still answer 500 (so clients must insert idempotently)", async () => {
    await emu.control.injectFault({ method: "POST", path: "/calendar/v3/calendars/**", status: 500, applyFirst: true });
    // (Client ids use base32hex: digits and a–v only.)
    const requestBody = { id: "kairosretr01", start: { date: "2026-04-01" }, end: { date: "2026-04-02" } };
    const failed = await gaxiosError(calendar.events.insert({ calendarId: "primary", requestBody }));
    expect(failed.status).toBe(500);
    expect(reasonOf(failed)).toBe("backendError");
    // The retry with the same client id reveals the event exists.
    expect((await gaxiosError(calendar.events.insert({ calendarId: "primary", requestBody }))).status).toBe(409);
    expect((await emu.control.listStoredEvents(ADA)).items.map((e) => e.id)).toEqual(["kairosretr01"]);
  });

  it("delays or hangs requests on demand, and stop() still returns with a hung connection open", async () => {
    await emu.control.injectFault({ method: "GET", path: "/calendar/v3/users/me/calendarList", delayMs: 300 });
    const started = Date.now();
    expect((await calendar.calendarList.list()).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);

    await emu.control.injectFault({ method: "GET", path: "/calendar/v3/calendars/*", hang: true });
    const hung = await calendar.calendars.get({ calendarId: "primary" }, { timeout: 300, retry: false }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(hung).toBeInstanceOf(Error);
    const { requests } = await emu.control.requests({ route: "GET /calendar/v3/calendars/:calendarId" });
    expect(requests).toEqual([expect.objectContaining({ status: 0, fault: expect.any(String) })]);

    const other = await startGoogleEmulator();
    await other.control.injectFault({ path: "/**", hang: true, always: true });
    const pending = fetch(`${other.url}/calendar/v3/users/me/calendarList`).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    const stopping = Date.now();
    await other.stop();
    expect(Date.now() - stopping).toBeLessThan(1_000);
    expect(await pending).toBeInstanceOf(Error);
  });

  it("rejects tokens lacking calendar scopes with 403 insufficientPermissions", async () => {
    const tokens = await emu.control.mintTokens({ email: ADA, scope: ["openid", "email"] });
    const auth = new google.auth.OAuth2();
    auth.setCredentials({ access_token: tokens.access_token });
    const error = await gaxiosError(google.calendar({ version: "v3", auth, rootUrl: emu.rootUrl }).events.list({ calendarId: "primary" }));
    expect(error.status).toBe(403);
    expect(reasonOf(error)).toBe("insufficientPermissions");
  });
});
