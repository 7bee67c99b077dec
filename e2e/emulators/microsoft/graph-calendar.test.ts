/**
 * The real @microsoft/microsoft-graph-client against the emulator's Graph calendar endpoints.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GraphError, type Client } from "@microsoft/microsoft-graph-client";
import { startMicrosoftEmulator, type MicrosoftEmulator } from "./index";
import { graphClient } from "./test-support";

const GRACE = "grace@contoso.test";
let emu: MicrosoftEmulator;
let client: Client;

beforeAll(async () => {
  emu = await startMicrosoftEmulator({ users: [{ email: GRACE, displayName: "Grace Hopper", timeZone: "Europe/Berlin" }] });
});
afterAll(() => emu.stop());
beforeEach(async () => {
  await emu.control.reset();
  const tokens = await emu.control.mintTokens({ email: GRACE });
  client = graphClient(emu, async () => tokens.access_token);
});

async function graphError(promise: Promise<unknown>): Promise<GraphError> {
  const error = await promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GraphError);
  return error as GraphError;
}

type GraphList = { value: Array<Record<string, any>>; "@odata.nextLink"?: string };

const weekly = {
  subject: "Weekly sync",
  start: { dateTime: "2026-03-16T09:00:00", timeZone: "W. Europe Standard Time" },
  end: { dateTime: "2026-03-16T09:30:00", timeZone: "W. Europe Standard Time" },
  recurrence: {
    pattern: { type: "weekly", interval: 1, daysOfWeek: ["monday"], firstDayOfWeek: "sunday" },
    range: { type: "numbered", startDate: "2026-03-16", numberOfOccurrences: 5, recurrenceTimeZone: "W. Europe Standard Time" },
  },
};

describe("me and calendars", () => {
  it("returns the user and the calendars with Graph's fields", async () => {
    const me = await client.api("/me").get();
    expect(me).toMatchObject({ displayName: "Grace Hopper", mail: GRACE, userPrincipalName: GRACE });
    expect(me.id).toMatch(/^[0-9a-f-]{36}$/);

    await emu.control.createCalendar(GRACE, { name: "Side projects" });
    const calendars: GraphList = await client.api("/me/calendars").get();
    expect(calendars.value).toHaveLength(2);
    expect(calendars.value[0]).toMatchObject({
      name: "Calendar",
      color: "auto",
      isDefaultCalendar: true,
      canEdit: true,
      owner: { name: "Grace Hopper", address: GRACE },
    });
    expect(calendars.value[1]).toMatchObject({ name: "Side projects", isDefaultCalendar: false });
    const byId = await client.api(`/me/calendars/${calendars.value[1].id}`).get();
    expect(byId.name).toBe("Side projects");
    expect((await client.api("/me/calendar").get()).id).toBe(calendars.value[0].id);
    const missing = await graphError(client.api("/me/calendars/AAMkADnope").get());
    expect(missing.statusCode).toBe(404);
    expect(missing.code).toBe("ErrorItemNotFound");
  });
});

describe("calendarView", () => {
  it("expands a series across the DST change, with an exception and a deleted occurrence", async () => {
    const master = await client.api("/me/calendar/events").post(weekly);
    expect(master).toMatchObject({ type: "seriesMaster", seriesMasterId: null, originalStartTimeZone: "W. Europe Standard Time" });
    expect(master.recurrence.pattern).toMatchObject({ type: "weekly", daysOfWeek: ["monday"], interval: 1 });

    const window = { startDateTime: "2026-03-01T00:00:00Z", endDateTime: "2026-05-01T00:00:00Z" };
    const first: GraphList = await client.api("/me/calendarView").query(window).get();
    expect(first.value.map((e) => e.type)).toEqual(["occurrence", "occurrence", "occurrence", "occurrence", "occurrence"]);
    const [, second, third] = first.value;
    // A person moves the second occurrence and deletes the third.
    await client.api(`/me/events/${second.id}`).patch({
      subject: "Weekly sync (moved)",
      start: { dateTime: "2026-03-23T10:30:00", timeZone: "Europe/Berlin" },
      end: { dateTime: "2026-03-23T11:00:00", timeZone: "Europe/Berlin" },
    });
    await client.api(`/me/events/${third.id}`).delete();

    const utc: GraphList = await client.api("/me/calendarView").query(window).get();
    expect(utc.value.map((e) => ({ type: e.type, start: e.start, end: e.end.dateTime, subject: e.subject }))).toEqual([
      { type: "occurrence", start: { dateTime: "2026-03-16T08:00:00.0000000", timeZone: "UTC" }, end: "2026-03-16T08:30:00.0000000", subject: "Weekly sync" },
      { type: "exception", start: { dateTime: "2026-03-23T09:30:00.0000000", timeZone: "UTC" }, end: "2026-03-23T10:00:00.0000000", subject: "Weekly sync (moved)" },
      { type: "occurrence", start: { dateTime: "2026-04-06T07:00:00.0000000", timeZone: "UTC" }, end: "2026-04-06T07:30:00.0000000", subject: "Weekly sync" },
      { type: "occurrence", start: { dateTime: "2026-04-13T07:00:00.0000000", timeZone: "UTC" }, end: "2026-04-13T07:30:00.0000000", subject: "Weekly sync" },
    ]);
    for (const e of utc.value) expect(e.seriesMasterId).toBe(master.id);
    expect(utc.value[1].id).toBe(second.id);
    expect(utc.value[1].originalStart).toBe("2026-03-23T08:00:00Z");

    const berlin: GraphList = await client
      .api("/me/calendarView")
      .header("Prefer", 'outlook.timezone="W. Europe Standard Time"')
      .query(window)
      .get();
    expect(berlin.value.map((e) => e.start)).toEqual([
      { dateTime: "2026-03-16T09:00:00.0000000", timeZone: "W. Europe Standard Time" },
      { dateTime: "2026-03-23T10:30:00.0000000", timeZone: "W. Europe Standard Time" },
      { dateTime: "2026-04-06T09:00:00.0000000", timeZone: "W. Europe Standard Time" },
      { dateTime: "2026-04-13T09:00:00.0000000", timeZone: "W. Europe Standard Time" },
    ]);
    const pacific: GraphList = await client.api("/me/calendarView").header("Prefer", 'outlook.timezone="America/Los_Angeles"').query(window).get();
    expect(pacific.value[2].start).toEqual({ dateTime: "2026-04-06T00:00:00.0000000", timeZone: "America/Los_Angeles" });

    // The series master itself is never part of a calendar view.
    expect(utc.value.some((e) => e.id === master.id)).toBe(false);
    const deleted = await graphError(client.api(`/me/events/${third.id}`).get());
    expect(deleted.statusCode).toBe(404);
  });

  it("pages with $top and an absolute @odata.nextLink the client can follow, and honours $select", async () => {
    for (let day = 1; day <= 5; day++) {
      await emu.control.createEvent(GRACE, {
        subject: `Event ${day}`,
        start: { dateTime: `2026-04-0${day}T10:00:00`, timeZone: "UTC" },
        end: { dateTime: `2026-04-0${day}T11:00:00`, timeZone: "UTC" },
      });
    }
    const subjects: string[] = [];
    let page: GraphList = await client
      .api("/me/calendarView")
      .query({ startDateTime: "2026-04-01T00:00:00Z", endDateTime: "2026-04-30T00:00:00Z" })
      .top(2)
      .select("subject,start")
      .get();
    const links: string[] = [];
    for (;;) {
      subjects.push(...page.value.map((e) => e.subject));
      for (const e of page.value) expect(Object.keys(e).sort()).toEqual(["@odata.etag", "id", "start", "subject"]);
      if (!page["@odata.nextLink"]) break;
      links.push(page["@odata.nextLink"]);
      page = await client.api(page["@odata.nextLink"]).get();
    }
    expect(subjects).toEqual(["Event 1", "Event 2", "Event 3", "Event 4", "Event 5"]);
    expect(links).toHaveLength(2);
    expect(links[0].startsWith(`${emu.url}/v1.0/me/calendarView?`)).toBe(true);
    expect(links[0]).toContain("$skip=2");
  });

  it("requires the time window", async () => {
    const error = await graphError(client.api("/me/calendarView").get());
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe("ErrorInvalidParameter");
  });
});

describe("events", () => {
  const booking = {
    subject: "Intro call",
    body: { contentType: "text", content: "Booked via Kairos" },
    start: { dateTime: "2026-12-07T09:00:00", timeZone: "Pacific Standard Time" },
    end: { dateTime: "2026-12-07T09:30:00", timeZone: "Pacific Standard Time" },
    attendees: [{ emailAddress: { address: "guest@example.org", name: "Guest" }, type: "required" }],
    isOnlineMeeting: true,
    onlineMeetingProvider: "teamsForBusiness",
  };

  it("creates an event with a Teams link; the same transactionId returns the same event", async () => {
    const created = await client.api("/me/calendar/events").post({ ...booking, transactionId: "booking-42" });
    expect(created).toMatchObject({
      "@odata.etag": expect.stringMatching(/^W\/"/),
      subject: "Intro call",
      type: "singleInstance",
      isOnlineMeeting: true,
      onlineMeetingProvider: "teamsForBusiness",
      isOrganizer: true,
      responseStatus: { response: "organizer" },
      showAs: "busy",
      transactionId: "booking-42",
      start: { dateTime: "2026-12-07T17:00:00.0000000", timeZone: "UTC" },
      end: { dateTime: "2026-12-07T17:30:00.0000000", timeZone: "UTC" },
      originalStartTimeZone: "Pacific Standard Time",
      body: { contentType: "text", content: "Booked via Kairos" },
      attendees: [{ type: "required", status: { response: "none" }, emailAddress: { address: "guest@example.org", name: "Guest" } }],
      organizer: { emailAddress: { name: "Grace Hopper", address: GRACE } },
    });
    expect(created.onlineMeeting.joinUrl).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/meetup-join\/19%3ameeting_/);
    expect(created.webLink).toMatch(/^https:\/\/outlook\.office365\.com\/owa\/\?itemid=/);
    expect(created.iCalUId).toMatch(/^040000008200E00074C5B7101A82E008/);

    const replay = await client.api("/me/calendar/events").post({ ...booking, transactionId: "booking-42" });
    expect(replay.id).toBe(created.id);
    expect((await emu.control.listStoredEvents(GRACE)).value).toHaveLength(1);
    const other = await client.api("/me/calendar/events").post({ ...booking, transactionId: "booking-43" });
    expect(other.id).not.toBe(created.id);
  });

  it("patches and deletes (204), then answers 404 ErrorItemNotFound", async () => {
    const created = await client.api("/me/events").post(booking);
    const patched = await client.api(`/me/events/${created.id}`).patch({ subject: "Renamed", showAs: "tentative" });
    expect(patched).toMatchObject({ subject: "Renamed", showAs: "tentative", isOnlineMeeting: true });
    expect(patched.changeKey).not.toBe(created.changeKey);
    const inCalendar = await client.api(`/me/calendars/${(await client.api("/me/calendar").get()).id}/events/${created.id}`).get();
    expect(inCalendar.subject).toBe("Renamed");

    const response = await client.api(`/me/events/${created.id}`).responseType("raw" as never).delete();
    expect((response as Response).status).toBe(204);
    const gone = await graphError(client.api(`/me/events/${created.id}`).get());
    expect(gone.statusCode).toBe(404);
    expect(gone.code).toBe("ErrorItemNotFound");
    expect(gone.requestId).toBeTruthy();
  });

  it("rejects bad input the way Graph does", async () => {
    const zone = await graphError(client.api("/me/events").post({ ...booking, start: { dateTime: "2026-12-07T09:00:00", timeZone: "Mars/Olympus" } }));
    expect(zone.statusCode).toBe(400);
    expect(zone.code).toBe("TimeZoneNotSupportedException");
    const bodyless = await graphError(client.api("/me/events").header("Content-Type", "application/json").post("{not json"));
    expect(bodyless.statusCode).toBe(400);
  });
});

describe("getSchedule", () => {
  it("returns availabilityView and items, skipping free, declined and cancelled events", async () => {
    await emu.control.createUser({ email: "alan@contoso.test", displayName: "Alan Turing" });
    const at = (h: number, m = 0) => ({ dateTime: `2026-03-30T${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:00`, timeZone: "UTC" });
    await emu.control.createEvent(GRACE, { subject: "busy", start: at(9), end: at(10) });
    await emu.control.createEvent(GRACE, { subject: "tentative", showAs: "tentative", start: at(10), end: at(10, 30) });
    await emu.control.createEvent(GRACE, { subject: "free", showAs: "free", start: at(11), end: at(12) });
    await emu.control.createEvent(GRACE, { subject: "oof", showAs: "oof", start: at(12), end: at(13) });
    await emu.control.createEvent(GRACE, { subject: "declined", isOrganizer: false, responseStatus: { response: "declined", time: "2026-03-20T10:00:00Z" }, start: at(13), end: at(14) });
    await emu.control.createEvent(GRACE, { subject: "cancelled", isCancelled: true, start: at(14), end: at(15) });
    await emu.control.createEvent("alan@contoso.test", { subject: "private matter", start: at(9, 30), end: at(10, 30) });

    const result = await client.api("/me/calendar/getSchedule").post({
      schedules: [GRACE, "alan@contoso.test", "nobody@contoso.test"],
      startTime: { dateTime: "2026-03-30T09:00:00", timeZone: "UTC" },
      endTime: { dateTime: "2026-03-30T15:00:00", timeZone: "UTC" },
      availabilityViewInterval: 60,
    });
    const [grace, alan, nobody] = result.value;
    expect(grace.scheduleId).toBe(GRACE);
    expect(grace.availabilityView).toBe("210300");
    expect(grace.scheduleItems.map((i: Record<string, unknown>) => [i.status, i.subject])).toEqual([
      ["busy", "busy"],
      ["tentative", "tentative"],
      ["oof", "oof"],
    ]);
    expect(grace.scheduleItems[0].start).toEqual({ dateTime: "2026-03-30T09:00:00.0000000", timeZone: "UTC" });
    expect(grace.workingHours.timeZone.name).toBe("W. Europe Standard Time");
    expect(alan.availabilityView).toBe("220000");
    expect(alan.scheduleItems[0].subject).toBeUndefined();
    expect(nobody.error.responseCode).toBe("ErrorMailRecipientNotFound");
  });
});

describe("throttling and retries", () => {
  it("the Graph client retries a 429 after Retry-After", async () => {
    await emu.control.injectFault({ method: "GET", path: "/v1.0/me/calendars", status: 429, retryAfterSeconds: 1 });
    const started = Date.now();
    const calendars: GraphList = await client.api("/me/calendars").get();
    expect(calendars.value).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const { requests } = await emu.control.requests({ pathPrefix: "/v1.0/me/calendars" });
    expect(requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it("a 429 after the write happened makes the client's POST retry create a duplicate — unless transactionId is set", async () => {
    const fault = { method: "POST", path: "/v1.0/me/calendar/events", status: 429, retryAfterSeconds: 1, applyFirst: true };
    await emu.control.injectFault(fault);
    const base = { subject: "retried", start: { dateTime: "2026-05-01T09:00:00", timeZone: "UTC" }, end: { dateTime: "2026-05-01T10:00:00", timeZone: "UTC" } };
    await client.api("/me/calendar/events").post(base);
    expect((await emu.control.listStoredEvents(GRACE)).value).toHaveLength(2);

    await emu.control.reset();
    const tokens = await emu.control.mintTokens({ email: GRACE });
    client = graphClient(emu, async () => tokens.access_token);
    await emu.control.injectFault(fault);
    const created = await client.api("/me/calendar/events").post({ ...base, transactionId: "kairos-booking-7" });
    const stored = (await emu.control.listStoredEvents(GRACE)).value;
    expect(stored.map((e) => e.id)).toEqual([created.id]);
  });

  it("surfaces a 503 that outlasts the retries as GraphError", async () => {
    await emu.control.injectFault({ method: "GET", path: "/v1.0/me", status: 503, retryAfterSeconds: 0, count: 4 });
    const error = await graphError(client.api("/me").get());
    expect(error.statusCode).toBe(503);
    expect(error.code).toBe("ServiceUnavailable");
    expect(await emu.control.countRequests({ route: "GET /v1.0/me" })).toBe(4);
  });
});
