/**
 * Incremental sync (sync tokens, paging, 410 fullSyncRequired) and push channels, with the real
 * googleapis client and a real local HTTP receiver for notifications.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Auth, google, type calendar_v3 } from "googleapis";
import { startGoogleEmulator, type GoogleEmulator } from "./index";

const ADA = "ada@example.com";
let emu: GoogleEmulator;

/** Google's error body as gaxios hands it over. */
type GoogleErrorBody = { error: { code: number; message: string; status?: string; errors: Array<Record<string, string>> } };
const bodyOf = (e: { response?: { data?: unknown } } | null | undefined) => e?.response?.data as GoogleErrorBody;

let calendar: calendar_v3.Calendar;

interface Received {
  method: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
let receiver: http.Server;
let receiverUrl: string;
let received: Received[] = [];
let waiters: Array<() => void> = [];

beforeAll(async () => {
  emu = await startGoogleEmulator({ accounts: [{ email: ADA, timeZone: "Europe/Berlin" }] });
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ method: req.method!, headers: req.headers, body });
      res.writeHead(200).end();
      for (const w of waiters.splice(0)) w();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", () => r()));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/google`;
});
afterAll(async () => {
  await emu.stop();
  await new Promise((r) => receiver.close(r));
});

beforeEach(async () => {
  await emu.control.reset();
  received = [];
  const tokens = await emu.control.mintTokens({ email: ADA });
  const auth = new google.auth.OAuth2({ clientId: emu.client.clientId, clientSecret: emu.client.clientSecret, endpoints: { oauth2TokenUrl: emu.tokenUrl } });
  auth.setCredentials({ access_token: tokens.access_token, refresh_token: tokens.refresh_token, expiry_date: Date.now() + 3_500_000 });
  calendar = google.calendar({ version: "v3", auth, rootUrl: emu.rootUrl });
});

async function waitForNotifications(count: number, timeoutMs = 5_000): Promise<Received[]> {
  const deadline = Date.now() + timeoutMs;
  while (received.length < count) {
    if (Date.now() > deadline) throw new Error(`only ${received.length} of ${count} notifications arrived`);
    await new Promise<void>((resolve) => {
      waiters.push(resolve);
      setTimeout(resolve, 100);
    });
  }
  return received;
}

const event = (summary: string, day: number) => ({
  summary,
  start: { dateTime: `2026-04-${String(day).padStart(2, "0")}T10:00:00+02:00` },
  end: { dateTime: `2026-04-${String(day).padStart(2, "0")}T11:00:00+02:00` },
});

/** Pages through events.list and returns all items plus the final nextSyncToken. */
async function listAll(params: calendar_v3.Params$Resource$Events$List) {
  const items: calendar_v3.Schema$Event[] = [];
  const pages: number[] = [];
  let pageToken: string | undefined;
  for (;;) {
    const { data } = await calendar.events.list({ ...params, pageToken });
    items.push(...(data.items ?? []));
    pages.push(data.items?.length ?? 0);
    if (data.nextPageToken) {
      expect(data.nextSyncToken).toBeUndefined();
      pageToken = data.nextPageToken;
      continue;
    }
    return { items, pages, nextSyncToken: data.nextSyncToken! };
  }
}

describe("incremental sync", () => {
  it("pages a full sync, then returns only changes (deletions as cancelled) for the sync token", async () => {
    const seeded = [];
    for (let day = 1; day <= 5; day++) seeded.push(await emu.control.createEvent(ADA, event(`Event ${day}`, day)));
    const full = await listAll({ calendarId: "primary", maxResults: 2, showDeleted: true });
    expect(full.pages).toEqual([2, 2, 1]);
    expect(full.items.map((e) => e.summary)).toEqual(["Event 1", "Event 2", "Event 3", "Event 4", "Event 5"]);
    expect(full.nextSyncToken).toBeTruthy();

    // A person edits their calendar: one update, one deletion, one new event.
    await emu.control.updateEvent(ADA, seeded[1].id, { summary: "Event 2 (moved)" });
    await emu.control.deleteEvent(ADA, seeded[3].id);
    const added = await emu.control.createEvent(ADA, event("Event 6", 6));

    const delta = await listAll({ calendarId: "primary", syncToken: full.nextSyncToken });
    expect(delta.items.map((e) => ({ id: e.id, status: e.status, summary: e.summary }))).toEqual([
      { id: seeded[1].id, status: "confirmed", summary: "Event 2 (moved)" },
      { id: seeded[3].id, status: "cancelled", summary: undefined },
      { id: added.id, status: "confirmed", summary: "Event 6" },
    ]);
    const quiet = await listAll({ calendarId: "primary", syncToken: delta.nextSyncToken });
    expect(quiet.items).toEqual([]);
  });

  it("reports changes of a recurring series as instances when syncing with singleEvents", async () => {
    const master = await emu.control.createEvent(ADA, {
      summary: "Standup",
      start: { dateTime: "2026-04-06T09:00:00", timeZone: "Europe/Berlin" },
      end: { dateTime: "2026-04-06T09:15:00", timeZone: "Europe/Berlin" },
      recurrence: ["RRULE:FREQ=DAILY;COUNT=3"],
    });
    const full = await listAll({ calendarId: "primary", singleEvents: true, timeMin: "2026-04-01T00:00:00Z", timeMax: "2026-05-01T00:00:00Z" });
    expect(full.items).toHaveLength(3);
    // Cancelling one instance (a person deletes "this event" only).
    await emu.control.deleteEvent(ADA, `${master.id}_20260407T070000Z`);
    const delta = await listAll({ calendarId: "primary", singleEvents: true, syncToken: full.nextSyncToken });
    expect(delta.items).toEqual([
      expect.objectContaining({
        id: `${master.id}_20260407T070000Z`,
        status: "cancelled",
        recurringEventId: master.id,
        originalStartTime: { dateTime: "2026-04-07T09:00:00+02:00", timeZone: "Europe/Berlin" },
      }),
    ]);
  });

  it("answers 410 fullSyncRequired once the token is invalidated, and rejects extra filters", async () => {
    const full = await listAll({ calendarId: "primary" });
    expect(await emu.control.invalidateSyncTokens(ADA)).toEqual({ invalidated: 1 });
    const error = await calendar.events.list({ calendarId: "primary", syncToken: full.nextSyncToken }).then(
      () => null,
      (e: unknown) => e as InstanceType<typeof Auth.gaxios.GaxiosError>,
    );
    expect(error).toBeInstanceOf(Auth.gaxios.GaxiosError);
    expect(error!.status).toBe(410);
    expect(bodyOf(error).error.errors[0]).toMatchObject({ reason: "fullSyncRequired", domain: "calendar", location: "syncToken" });

    const fresh = await listAll({ calendarId: "primary" });
    const combined = await calendar.events
      .list({ calendarId: "primary", syncToken: fresh.nextSyncToken, timeMin: "2026-01-01T00:00:00Z" })
      .then(() => null, (e: InstanceType<typeof Auth.gaxios.GaxiosError>) => e);
    expect(combined?.status).toBe(400);
  });
});

describe("push notifications", () => {
  it("sends sync then exists notifications with Google's headers, and stops after channels.stop", async () => {
    const expiration = Date.now();
    const { data: channel } = await calendar.events.watch({
      calendarId: "primary",
      requestBody: { id: "channel-1", type: "web_hook", address: receiverUrl, token: "secret-token", params: { ttl: "3600" } },
    });
    expect(channel).toMatchObject({ kind: "api#channel", id: "channel-1", token: "secret-token" });
    expect(channel.resourceId).toBeTruthy();
    expect(channel.resourceUri).toBe(`${emu.url}/calendar/v3/calendars/${encodeURIComponent(ADA)}/events?alt=json`);
    expect(Number(channel.expiration)).toBeGreaterThanOrEqual(expiration + 3_600_000 - 1000);
    expect(Number(channel.expiration)).toBeLessThanOrEqual(Date.now() + 3_600_000);

    const [sync] = await waitForNotifications(1);
    expect(sync.method).toBe("POST");
    expect(sync.body).toBe("");
    expect(sync.headers).toMatchObject({
      "x-goog-channel-id": "channel-1",
      "x-goog-channel-token": "secret-token",
      "x-goog-resource-id": channel.resourceId,
      "x-goog-resource-uri": channel.resourceUri,
      "x-goog-resource-state": "sync",
      "x-goog-message-number": "1",
      "x-goog-channel-expiration": new Date(Number(channel.expiration)).toUTCString(),
    });

    // A change via the API and one via the control API ("a person editing") both notify.
    await calendar.events.insert({ calendarId: "primary", requestBody: event("Booked", 8) });
    const [, first] = await waitForNotifications(2);
    expect(first.headers["x-goog-resource-state"]).toBe("exists");
    expect(first.headers["x-goog-message-number"]).toBe("2");
    await emu.control.createEvent(ADA, event("Dentist", 9));
    const [, , second] = await waitForNotifications(3);
    expect(second.headers["x-goog-message-number"]).toBe("3");

    const stopped = await calendar.channels.stop({ requestBody: { id: "channel-1", resourceId: channel.resourceId } });
    expect(stopped.status).toBe(204);
    await emu.control.createEvent(ADA, event("After stop", 10));
    await emu.control.waitForDeliveries();
    expect(received).toHaveLength(3);
    expect((await emu.control.channels()).channels).toEqual([]);
  });

  it("rejects duplicate channel ids, and https is required unless http webhooks are allowed", async () => {
    await calendar.events.watch({ calendarId: "primary", requestBody: { id: "dup", type: "web_hook", address: receiverUrl } });
    const dup = await calendar.events
      .watch({ calendarId: "primary", requestBody: { id: "dup", type: "web_hook", address: receiverUrl } })
      .then(() => null, (e: InstanceType<typeof Auth.gaxios.GaxiosError>) => e);
    expect(dup?.status).toBe(400);
    expect(bodyOf(dup).error.errors[0].reason).toBe("channelIdNotUnique");

    const strict = await startGoogleEmulator({ accounts: [{ email: ADA }], allowHttpWebhooks: false });
    try {
      const tokens = await strict.control.mintTokens({ email: ADA });
      const auth = new google.auth.OAuth2();
      auth.setCredentials({ access_token: tokens.access_token });
      const error = await google
        .calendar({ version: "v3", auth, rootUrl: strict.rootUrl })
        .events.watch({ calendarId: "primary", requestBody: { id: "c", type: "web_hook", address: receiverUrl } })
        .then(() => null, (e: InstanceType<typeof Auth.gaxios.GaxiosError>) => e);
      expect(error?.status).toBe(400);
      expect(bodyOf(error).error.errors[0].reason).toBe("push.webhookUrlNotHttps");
    } finally {
      await strict.stop();
    }
  });

  it("lets tests fire a notification by hand and records deliveries", async () => {
    await calendar.events.watch({ calendarId: "primary", requestBody: { id: "manual", type: "web_hook", address: receiverUrl } });
    await waitForNotifications(1);
    const delivery = await emu.control.notifyChannel("manual", "exists");
    expect(delivery).toMatchObject({ kind: "google-push", status: 200, url: receiverUrl });
    expect(delivery.headers["x-goog-message-number"]).toBe("2");
    const { deliveries } = await emu.control.waitForDeliveries("google-push");
    expect(deliveries.map((d) => d.headers["x-goog-resource-state"])).toEqual(["sync", "exists"]);
  });
});
