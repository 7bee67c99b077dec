/**
 * The webhook routes over HTTP: genuine notifications (sent by the emulators
 * for channels they hold) queue one merged sync; forged ones — wrong token or
 * clientState, unknown or stopped channels — get 401/404 and change nothing
 * (no job, no last_notification_at).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { GoogleEmulator } from "@/e2e/emulators/google";
import type { MicrosoftEmulator } from "@/e2e/emulators/microsoft";
import { createHostWithKey } from "@/test/api-test-helpers";
import { connectOAuthAccount } from "@/test/calendar-connections";
import type { RouteServer } from "@/test/route-server";
import type { TestDatabase } from "@/test/test-database";
import { GOOGLE_ACCOUNT as ADA, MICROSOFT_ACCOUNT as GRACE, startWebhookTestEnv, type WebhookTestEnv } from "@/test/webhook-test-env";
import { drainJobs } from "../../jobs";
import { unwatchChannelJob, watchCalendarJob } from "./index";
import { watchCalendar } from "./watch-calendar";

let env: WebhookTestEnv;
let google: GoogleEmulator;
let microsoft: MicrosoftEmulator;
let routes: RouteServer;
let t: TestDatabase;

beforeAll(async () => {
  env = await startWebhookTestEnv();
  ({ google, microsoft, routes, t } = env);
});
afterAll(() => env?.close());
beforeEach(() => env.reset());

/** Connected, every calendar of the account ticked and watched; then no job left over. */
async function watched(provider: "google" | "microsoft") {
  const { user } = await createHostWithKey(t.db);
  const dto = await connectOAuthAccount(t.db, user.id, provider, provider === "google" ? ADA : GRACE);
  await t.db.connectedCalendar.updateMany({ where: { connectionId: dto.id }, data: { selectedForConflicts: true } });
  const calendars = await t.db.connectedCalendar.findMany({ where: { connectionId: dto.id }, orderBy: { isPrimary: "desc" } });
  for (const calendar of calendars) await watchCalendar(t.db, calendar.id);
  const channels = await t.db.pushChannel.findMany({ where: { calendarId: { in: calendars.map((c) => c.id) } } });
  if (provider === "google") await google.control.waitForDeliveries();
  await t.db.$executeRaw`DELETE FROM jobs`;
  await t.db.pushChannel.updateMany({ data: { lastNotificationAt: null } });
  const channelOf = (calendarId: string) => channels.find((c) => c.calendarId === calendarId)!;
  return { user, calendars, channelOf };
}

const jobs = () => t.db.job.findMany({ orderBy: { createdAt: "asc" } });
const post = (path: string, init: { headers?: Record<string, string>; body?: string } = {}) =>
  fetch(`${routes.url}${path}`, { method: "POST", ...init });

/** Nothing happened: no job queued, no channel marked as having heard from its provider. */
async function expectUnchanged() {
  expect(await jobs()).toEqual([]);
  expect(await t.db.pushChannel.count({ where: { lastNotificationAt: { not: null } } })).toBe(0);
}

describe("POST /api/webhooks/google", () => {
  it("a change notification queues one incremental sync of that calendar, merged across a burst, and answers 202", async () => {
    const { calendars, channelOf } = await watched("google");
    const [calendar] = calendars;
    const channel = channelOf(calendar.id);

    const first = await google.control.notifyChannel(channel.id, "exists");
    const second = await google.control.notifyChannel(channel.id, "not_exists");
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(await jobs()).toEqual([
      expect.objectContaining({ kind: "calendar.sync", key: `calendar.sync:${calendar.id}`, state: "queued", payload: { calendarId: calendar.id, reason: "push" } }),
    ]);
    expect((await t.db.pushChannel.findUniqueOrThrow({ where: { id: channel.id } })).lastNotificationAt).toBeInstanceOf(Date);

    // An event edited by its owner: Google's own notification, the same outcome.
    await t.db.$executeRaw`DELETE FROM jobs`;
    await google.control.createEvent(calendar.externalId, {
      summary: "Dentist",
      start: { dateTime: "2026-05-04T10:00:00+02:00" },
      end: { dateTime: "2026-05-04T11:00:00+02:00" },
    });
    const deliveries = (await google.control.waitForDeliveries("google-push")).deliveries;
    expect(deliveries.map((d) => [d.headers["x-goog-resource-state"], d.status])).toEqual([
      ["sync", 200],
      ["exists", 202],
      ["not_exists", 202],
      ["exists", 202],
    ]);
    expect((await jobs()).map((j) => j.key)).toEqual([`calendar.sync:${calendar.id}`]);
  });

  it("'sync' is acknowledged with 200 and queues nothing", async () => {
    const { calendars, channelOf } = await watched("google");
    expect((await google.control.notifyChannel(channelOf(calendars[0].id).id, "sync")).status).toBe(200);
    expect(await jobs()).toEqual([]);
  });

  it("refuses forged notifications: wrong or missing token 401, unknown or stopped channel 404, no channel id 400", async () => {
    const { calendars, channelOf } = await watched("google");
    const channel = channelOf(calendars[0].id);
    const [emulated] = (await google.control.channels()).channels;
    const headers = (overrides: Record<string, string | undefined>) =>
      Object.fromEntries(
        Object.entries({
          "x-goog-channel-id": channel.id,
          "x-goog-channel-token": emulated.token,
          "x-goog-resource-id": emulated.resourceId,
          "x-goog-resource-state": "exists",
          "x-goog-message-number": "7",
          ...overrides,
        }).filter((e): e is [string, string] => e[1] !== undefined),
      );

    const answers = [
      await post("/api/webhooks/google", { headers: headers({ "x-goog-channel-token": "guessed" }) }),
      await post("/api/webhooks/google", { headers: headers({ "x-goog-channel-token": undefined }) }),
      await post("/api/webhooks/google", { headers: headers({ "x-goog-resource-id": "another-resource" }) }),
      await post("/api/webhooks/google", { headers: headers({ "x-goog-channel-id": "00000000-0000-4000-8000-000000000000" }) }),
      await post("/api/webhooks/google", { headers: headers({ "x-goog-channel-id": undefined }) }),
    ];
    expect(answers.map((r) => r.status)).toEqual([401, 401, 401, 404, 400]);
    expect((await answers[0].json()).error.code).toBe("unauthorized");
    await expectUnchanged();

    // The real headers of a channel that was stopped (replaced, unticked): 404.
    await t.db.pushChannel.update({ where: { id: channel.id }, data: { status: "stopped" } });
    expect((await post("/api/webhooks/google", { headers: headers({}) })).status).toBe(404);
    await expectUnchanged();
  });
});

describe("POST /api/webhooks/microsoft", () => {
  it("echoes the validationToken as text/plain, decoded", async () => {
    const response = await post("/api/webhooks/microsoft?validationToken=Validation%3A+Testing+client+application+reachability", { body: "" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await response.text()).toBe("Validation: Testing client application reachability");
  });

  it("Graph's notification of an owner's edit queues one sync and is answered 202", async () => {
    const { calendars } = await watched("microsoft");
    const [calendar] = calendars;
    await microsoft.control.createEvent(GRACE, {
      subject: "1:1",
      start: { dateTime: "2026-05-04T10:00:00", timeZone: "UTC" },
      end: { dateTime: "2026-05-04T11:00:00", timeZone: "UTC" },
    });
    const [delivery] = (await microsoft.control.waitForDeliveries("graph-notification")).deliveries;
    expect(delivery.status).toBe(202);
    expect(await jobs()).toEqual([
      expect.objectContaining({ kind: "calendar.sync", key: `calendar.sync:${calendar.id}`, payload: { calendarId: calendar.id, reason: "push" } }),
    ]);
  });

  it("refuses a wrong clientState (401) and an unknown subscription (404); malformed bodies are 400", async () => {
    const { calendars, channelOf } = await watched("microsoft");
    const channel = channelOf(calendars[0].id);
    const item = (overrides: Record<string, unknown>) => ({
      subscriptionId: channel.externalId,
      clientState: "guessed",
      changeType: "updated",
      resource: "Users/x/Events/y",
      ...overrides,
    });
    const send = (value: unknown) =>
      post("/api/webhooks/microsoft", { headers: { "content-type": "application/json" }, body: JSON.stringify({ value }) });

    expect((await send([item({})])).status).toBe(401);
    expect((await send([item({ clientState: undefined })])).status).toBe(401);
    expect((await send([item({ lifecycleEvent: "subscriptionRemoved" })])).status).toBe(401);
    expect((await send([item({ subscriptionId: "f4b1e0e4-0000-4000-8000-000000000000" })])).status).toBe(404);
    expect((await post("/api/webhooks/microsoft", { body: "{not json" })).status).toBe(400);
    expect((await send([])).status).toBe(400);
    await expectUnchanged();
    expect((await t.db.pushChannel.findUniqueOrThrow({ where: { id: channel.id } })).status).toBe("active");
  });

  it("a batch is verified item by item: verified items are acted on, the answer reports the forgery", async () => {
    await microsoft.control.createCalendar(GRACE, { name: "Side projects" });
    const { calendars, channelOf } = await watched("microsoft");
    expect(calendars).toHaveLength(2);
    const [genuine, forged] = calendars.map((c) => channelOf(c.id));
    const { subscriptions } = await microsoft.control.subscriptions();
    const clientState = subscriptions.find((s) => s.id === genuine.externalId)!.clientState;

    const response = await post("/api/webhooks/microsoft", {
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        value: [
          { subscriptionId: genuine.externalId, clientState, changeType: "updated" },
          // The other subscription, with the first one's secret.
          { subscriptionId: forged.externalId, clientState, changeType: "updated" },
        ],
      }),
    });
    expect(response.status).toBe(401);
    expect((await jobs()).map((j) => j.key)).toEqual([`calendar.sync:${genuine.calendarId}`]);
    expect((await t.db.pushChannel.findUniqueOrThrow({ where: { id: forged.id } })).lastNotificationAt).toBeNull();
  });
});

describe("Google renewal", () => {
  it("renew: true replaces the channel (Google cannot extend one); the new one notifies", async () => {
    const { calendars, channelOf } = await watched("google");
    const old = channelOf(calendars[0].id);
    await watchCalendar(t.db, calendars[0].id, { renew: true });
    await drainJobs(t.db, { "calendar.watch": watchCalendarJob, "calendar.unwatch": unwatchChannelJob });
    const replacement = await t.db.pushChannel.findFirstOrThrow({ where: { calendarId: calendars[0].id, status: "active" } });
    expect(replacement.id).not.toBe(old.id);
    expect((await google.control.channels()).channels.map((c) => c.id)).toEqual([replacement.id]);
    expect((await google.control.notifyChannel(replacement.id, "exists")).status).toBe(202);
  });
});
