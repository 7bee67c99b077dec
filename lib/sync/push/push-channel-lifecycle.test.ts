/**
 * Push channels against the provider emulators, with the app's webhook routes
 * behind a real local HTTP server (test/route-server.ts) as PUBLIC_URL — so
 * Google's first "sync" message and Graph's validation handshakes really
 * reach Kairos. Jobs are run with drainJobs (watch/unwatch only); what the
 * emulator holds (its channel list, subscriptions, request log) is the proof.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DELETE as deleteConnection } from "@/app/api/v1/connections/[id]/route";
import type { GoogleEmulator } from "@/e2e/emulators/google";
import type { MicrosoftEmulator } from "@/e2e/emulators/microsoft";
import { call, createHostWithKey } from "@/test/api-test-helpers";
import { connectOAuthAccount } from "@/test/calendar-connections";
import { refuseWatchAsNotHttps } from "@/test/google-faults";
import type { RouteServer } from "@/test/route-server";
import type { TestDatabase } from "@/test/test-database";
import { GOOGLE_ACCOUNT as ADA, MICROSOFT_ACCOUNT as GRACE, startWebhookTestEnv, type WebhookTestEnv } from "@/test/webhook-test-env";
import { disconnectAccount } from "../../calendars/disconnect-account";
import { updateCalendarSelection } from "../../calendars/update-calendar-selection";
import { drainJobs, type JobHandlers } from "../../jobs";
import { sha256Hex } from "../../security/tokens";
import { DAY_MS, HOUR_MS } from "../../time";
import { enqueueChannelUpkeep } from "./enqueue-channel-upkeep";
import { getPushStatus } from "./get-push-status";
import { unwatchChannelJob, watchCalendarJob } from "./index";
import { watchCalendar } from "./watch-calendar";

let env: WebhookTestEnv;
let google: GoogleEmulator;
let microsoft: MicrosoftEmulator;
let routes: RouteServer;
let t: TestDatabase;

const handlers: JobHandlers = { "calendar.watch": watchCalendarJob, "calendar.unwatch": unwatchChannelJob };
const drain = () => drainJobs(t.db, handlers);

beforeAll(async () => {
  env = await startWebhookTestEnv();
  ({ google, microsoft, routes, t } = env);
});
afterAll(() => env?.close());
beforeEach(() => env.reset());

/** A host with the account connected (its primary calendar ticked on connect) — no jobs run yet. */
async function connected(provider: "google" | "microsoft") {
  const { user, key } = await createHostWithKey(t.db);
  const dto = await connectOAuthAccount(t.db, user.id, provider, provider === "google" ? ADA : GRACE);
  const primary = dto.calendars.find((c) => c.isPrimary)!;
  const calendar = await t.db.connectedCalendar.findUniqueOrThrow({ where: { id: primary.id } });
  return { user, key, connectionId: dto.id, calendar };
}

const channelRows = (calendarId: string) => t.db.pushChannel.findMany({ where: { calendarId }, orderBy: { createdAt: "asc" } });
const activeRow = async (calendarId: string) => t.db.pushChannel.findFirstOrThrow({ where: { calendarId, status: "active" } });
const queued = (kind: string) => t.db.job.findMany({ where: { kind, state: "queued" } });

describe("Google watch channels", () => {
  it("ticking a calendar creates one channel at Google; only the token's hash is stored; the 'sync' message is acknowledged", async () => {
    const { calendar } = await connected("google");
    expect(await queued("calendar.watch")).toEqual([expect.objectContaining({ key: `calendar.watch:${calendar.id}` })]);
    await drain();

    const { channels } = await google.control.channels();
    expect(channels).toHaveLength(1);
    const row = await activeRow(calendar.id);
    expect(channels[0]).toMatchObject({ id: row.id, calendarId: calendar.externalId, address: `${routes.url}/api/webhooks/google`, resourceId: row.externalId });
    expect(row.secretHash).toBe(sha256Hex(channels[0].token!));
    expect(JSON.stringify(row)).not.toContain(channels[0].token!);
    expect(row.expiresAt.getTime()).toBe(channels[0].expiration);
    expect(channels[0].expiration - Date.now()).toBeGreaterThan(6 * DAY_MS);

    const [sync] = (await google.control.waitForDeliveries("google-push")).deliveries;
    expect(sync.headers["x-goog-resource-state"]).toBe("sync");
    expect(sync.status).toBe(200);
    expect((await activeRow(calendar.id)).lastNotificationAt).toBeInstanceOf(Date);
    // A "sync" message queues no sync (the one queued is the connect's own).
    expect((await queued("calendar.sync")).map((j) => (j.payload as { reason: string }).reason)).toEqual(["connected"]);
    expect(await getPushStatus(t.db, [calendar.id])).toEqual(new Map([[calendar.id, expect.objectContaining({ state: "active", expiresAt: row.expiresAt })]]));

    // Running the watch again changes nothing: the channel is not due for renewal.
    expect(await watchCalendar(t.db, calendar.id)).toMatchObject({ result: { action: "kept" } });
    expect((await google.control.channels()).channels).toHaveLength(1);
  });

  it("unticking stops the channel at Google; its notifications then get 404", async () => {
    const { user, calendar } = await connected("google");
    await drain();
    const row = await activeRow(calendar.id);
    await updateCalendarSelection(t.db, user.id, calendar.id, { selectedForConflicts: false });
    await drain();

    expect((await google.control.channels()).channels).toEqual([]);
    expect(await channelRows(calendar.id)).toEqual([expect.objectContaining({ id: row.id, status: "stopped" })]);
    expect(await google.control.countRequests({ pathPrefix: "/calendar/v3/channels/stop" })).toBe(1);
    const runs = await t.db.jobRun.findMany({ where: { kind: "calendar.unwatch" } });
    expect(runs).toEqual([expect.objectContaining({ outcome: "succeeded", subjectId: calendar.id })]);
    expect((await getPushStatus(t.db, [calendar.id])).get(calendar.id)).toEqual({ state: "polling" });
  });

  it("a channel expiring within a day is replaced by the upkeep: the new one first, then the old one stopped", async () => {
    const { calendar } = await connected("google");
    await watchCalendar(t.db, calendar.id, { ttlSeconds: 3600 });
    const old = await activeRow(calendar.id);
    expect((await getPushStatus(t.db, [calendar.id])).get(calendar.id)?.state).toBe("expiring");
    await t.db.job.deleteMany({ where: { kind: "calendar.watch" } });

    expect(await enqueueChannelUpkeep(t.db)).toEqual({ enqueued: 1 });
    await drain();

    const fresh = await activeRow(calendar.id);
    expect(fresh.id).not.toBe(old.id);
    expect(fresh.expiresAt.getTime() - Date.now()).toBeGreaterThan(6 * DAY_MS);
    expect((await google.control.channels()).channels.map((c) => c.id)).toEqual([fresh.id]);
    expect((await t.db.pushChannel.findUniqueOrThrow({ where: { id: old.id } })).status).toBe("stopped");
    // Created before stopped: no moment without a channel.
    const calls = (await google.control.requests({ pathPrefix: "/calendar/v3/" })).requests.map((r) => `${r.method} ${r.path}`);
    expect(calls.findIndex((c) => c.includes("/events/watch"))).toBeLessThan(calls.findIndex((c) => c.includes("/channels/stop")));
    expect(await enqueueChannelUpkeep(t.db)).toEqual({ enqueued: 0 });
  });

  it("a channel Google refused leaves the calendar polling with the reason; the upkeep backs off for an hour", async () => {
    const { calendar } = await connected("google");
    await refuseWatchAsNotHttps(google);
    await drain();

    expect(await channelRows(calendar.id)).toEqual([]);
    const status = (await getPushStatus(t.db, [calendar.id])).get(calendar.id)!;
    expect(status.state).toBe("polling");
    expect(status.error).toContain("WebHook callback must be HTTPS");
    expect(await t.db.job.findMany({ where: { kind: "calendar.watch" } })).toEqual([expect.objectContaining({ state: "failed" })]);

    expect(await enqueueChannelUpkeep(t.db)).toEqual({ enqueued: 0 });
    await google.control.clearFaults();
    expect(await enqueueChannelUpkeep(t.db, Date.now() + HOUR_MS + 1000)).toEqual({ enqueued: 1 });
    await drain();
    expect((await getPushStatus(t.db, [calendar.id])).get(calendar.id)).toMatchObject({ state: "active" });
    expect((await getPushStatus(t.db, [calendar.id])).get(calendar.id)?.error).toBeUndefined();
  });

  it("an outage while creating is retried with backoff", async () => {
    const { calendar } = await connected("google");
    await google.control.injectFault({ method: "POST", path: "/calendar/v3/calendars/*/events/watch", status: 503, count: 1 });
    await drain();
    const [job] = await t.db.job.findMany({ where: { kind: "calendar.watch" } });
    expect(job).toMatchObject({ state: "queued", attempts: 1 });
    expect(job.runAt.getTime()).toBeGreaterThan(Date.now() + 2_000);
    expect(await channelRows(calendar.id)).toEqual([]);

    await t.db.job.update({ where: { id: job.id }, data: { runAt: new Date() } });
    await drain();
    expect((await google.control.channels()).channels.map((c) => c.id)).toEqual([(await activeRow(calendar.id)).id]);
  });

  it("disconnecting the account (DELETE /api/v1/connections/{id}) stops its channels at Google before the credentials go", async () => {
    const { key, connectionId, calendar } = await connected("google");
    await drain();
    expect((await google.control.channels()).channels).toHaveLength(1);
    // Through the route: it is what loads the disconnect hook (no other import here does).
    expect((await call(deleteConnection, "DELETE", { key, id: connectionId })).status).toBe(204);
    expect(await google.control.countRequests({ pathPrefix: "/calendar/v3/channels/stop" })).toBe(1);
    expect((await google.control.channels()).channels).toEqual([]);
    expect(await channelRows(calendar.id)).toEqual([]);
  });
});

describe("Microsoft Graph subscriptions", () => {
  it("ticking a calendar creates a subscription after both handshakes; the clientState is stored hashed", async () => {
    const { calendar } = await connected("microsoft");
    await drain();

    const { subscriptions } = await microsoft.control.subscriptions();
    expect(subscriptions).toHaveLength(1);
    const row = await activeRow(calendar.id);
    expect(subscriptions[0]).toMatchObject({
      id: row.externalId,
      resource: `me/calendars/${calendar.externalId}/events`,
      notificationUrl: `${routes.url}/api/webhooks/microsoft`,
      lifecycleNotificationUrl: `${routes.url}/api/webhooks/microsoft`,
    });
    expect(row.secretHash).toBe(sha256Hex(subscriptions[0].clientState!));
    expect(row.expiresAt.getTime()).toBe(subscriptions[0].expirationDateTime);
    const handshakes = (await microsoft.control.deliveries("graph-validation")).deliveries;
    expect(handshakes.map((d) => [d.status, d.responseContentType])).toEqual([
      [200, "text/plain; charset=utf-8"],
      [200, "text/plain; charset=utf-8"],
    ]);
  });

  it("renews by PATCH before expiry, keeping the subscription", async () => {
    const { calendar } = await connected("microsoft");
    await watchCalendar(t.db, calendar.id, { ttlSeconds: 3600 });
    const before = await activeRow(calendar.id);
    await t.db.job.deleteMany({ where: { kind: "calendar.watch" } });

    expect(await enqueueChannelUpkeep(t.db)).toEqual({ enqueued: 1 });
    await drain();

    const after = await activeRow(calendar.id);
    expect(after.id).toBe(before.id);
    expect(after.expiresAt.getTime() - before.expiresAt.getTime()).toBeGreaterThan(DAY_MS);
    const patches = (await microsoft.control.requests({ method: "PATCH" })).requests.map((r) => r.path);
    expect(patches).toEqual([`/v1.0/subscriptions/${before.externalId}`]);
    const { subscriptions } = await microsoft.control.subscriptions();
    expect(subscriptions.map((s) => [s.id, s.expirationDateTime])).toEqual([[before.externalId, after.expiresAt.getTime()]]);
  });

  it("reauthorizationRequired renews now; missed queues a sync; both answered 202", async () => {
    const { calendar } = await connected("microsoft");
    await drain();
    const row = await activeRow(calendar.id);
    await t.db.job.deleteMany({ where: { kind: "calendar.sync" } });

    expect((await microsoft.control.sendLifecycleNotification(row.externalId!, "reauthorizationRequired")).status).toBe(202);
    expect(await queued("calendar.watch")).toEqual([expect.objectContaining({ payload: { calendarId: calendar.id, renew: true } })]);
    await drain();
    expect((await microsoft.control.requests({ method: "PATCH" })).requests.map((r) => r.path)).toEqual([`/v1.0/subscriptions/${row.externalId}`]);

    expect((await microsoft.control.sendLifecycleNotification(row.externalId!, "missed")).status).toBe(202);
    expect(await queued("calendar.sync")).toEqual([
      expect.objectContaining({ key: `calendar.sync:${calendar.id}`, payload: { calendarId: calendar.id, reason: "recovery" } }),
    ]);
  });

  it("subscriptionRemoved: the channel is stopped, a new subscription created, and a sync catches up", async () => {
    const { calendar } = await connected("microsoft");
    await drain();
    const removed = await activeRow(calendar.id);
    await t.db.job.deleteMany({ where: { kind: "calendar.sync" } });

    const delivery = await microsoft.control.sendLifecycleNotification(removed.externalId!, "subscriptionRemoved");
    expect(delivery.status).toBe(202);
    expect((await t.db.pushChannel.findUniqueOrThrow({ where: { id: removed.id } })).status).toBe("stopped");
    expect(await queued("calendar.sync")).toEqual([expect.objectContaining({ payload: { calendarId: calendar.id, reason: "recovery" } })]);
    await drain();

    const fresh = await activeRow(calendar.id);
    expect(fresh.externalId).not.toBe(removed.externalId);
    expect((await microsoft.control.subscriptions()).subscriptions.map((s) => s.id)).toEqual([fresh.externalId]);
  });

  it("a subscription Graph forgot is recreated instead of renewed", async () => {
    const { calendar } = await connected("microsoft");
    await watchCalendar(t.db, calendar.id, { ttlSeconds: 3600 });
    const lost = await activeRow(calendar.id);
    await microsoft.control.expireSubscription(lost.externalId!);
    expect(await watchCalendar(t.db, calendar.id)).toMatchObject({ result: { action: "created" } });
    const fresh = await activeRow(calendar.id);
    expect((await microsoft.control.subscriptions()).subscriptions.map((s) => s.id)).toEqual([fresh.externalId]);
    expect((await t.db.pushChannel.findUniqueOrThrow({ where: { id: lost.id } })).status).toBe("stopped");
  });

  it("unticking deletes the subscription; ticking again creates one; disconnecting deletes it", async () => {
    const { user, connectionId, calendar } = await connected("microsoft");
    await drain();
    await updateCalendarSelection(t.db, user.id, calendar.id, { selectedForConflicts: false });
    await drain();
    expect((await microsoft.control.subscriptions()).subscriptions).toEqual([]);
    expect(await microsoft.control.countRequests({ method: "DELETE" })).toBe(1);

    await updateCalendarSelection(t.db, user.id, calendar.id, { selectedForConflicts: true });
    await drain();
    expect((await microsoft.control.subscriptions()).subscriptions).toHaveLength(1);
    await disconnectAccount(t.db, user.id, connectionId);
    expect((await microsoft.control.subscriptions()).subscriptions).toEqual([]);
  });
});

describe("upkeep", () => {
  it("queues channels of calendars no longer wanted, and forgets stopped channels after a week", async () => {
    const { calendar } = await connected("google");
    await drain();
    // Unticked without the job (an older version, a lost job): the upkeep notices.
    await t.db.connectedCalendar.update({ where: { id: calendar.id }, data: { selectedForConflicts: false } });
    expect(await enqueueChannelUpkeep(t.db)).toEqual({ enqueued: 1 });
    await drain();
    expect((await google.control.channels()).channels).toEqual([]);
    expect(await channelRows(calendar.id)).toHaveLength(1);

    await enqueueChannelUpkeep(t.db, Date.now() + 8 * DAY_MS);
    expect(await channelRows(calendar.id)).toEqual([]);
  });
});
