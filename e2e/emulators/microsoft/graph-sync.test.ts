/**
 * calendarView delta (pages → deltaLink → changes, 410 syncStateNotFound) and change-notification
 * subscriptions (validation handshake, notifications with clientState, lifecycle events), with
 * the real Graph client and a real local webhook receiver.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GraphError, type Client } from "@microsoft/microsoft-graph-client";
import { startMicrosoftEmulator, type MicrosoftEmulator } from "./index";
import { graphClient, startWebhookReceiver } from "./test-support";

const GRACE = "grace@contoso.test";
let emu: MicrosoftEmulator;
let client: Client;

beforeAll(async () => {
  emu = await startMicrosoftEmulator({ users: [{ email: GRACE, displayName: "Grace Hopper" }] });
});
afterAll(() => emu.stop());
beforeEach(async () => {
  await emu.control.reset();
  const tokens = await emu.control.mintTokens({ email: GRACE });
  client = graphClient(emu, async () => tokens.access_token);
});

type DeltaPage = { value: Array<Record<string, any>>; "@odata.nextLink"?: string; "@odata.deltaLink"?: string };

const event = (subject: string, day: number) => ({
  subject,
  start: { dateTime: `2026-04-${String(day).padStart(2, "0")}T10:00:00`, timeZone: "UTC" },
  end: { dateTime: `2026-04-${String(day).padStart(2, "0")}T11:00:00`, timeZone: "UTC" },
});

/** Follows nextLinks until the deltaLink, as a sync job would. */
async function drain(first: Promise<DeltaPage>) {
  const items: Array<Record<string, any>> = [];
  const pages: number[] = [];
  const nextLinks: string[] = [];
  let page = await first;
  for (;;) {
    items.push(...page.value);
    pages.push(page.value.length);
    if (page["@odata.nextLink"]) {
      nextLinks.push(page["@odata.nextLink"]);
      page = await client.api(page["@odata.nextLink"]).header("Prefer", "odata.maxpagesize=2").get();
      continue;
    }
    return { items, pages, nextLinks, deltaLink: page["@odata.deltaLink"]! };
  }
}

describe("calendarView delta", () => {
  it("pages the initial round, then returns only changes including @removed", async () => {
    const seeded = [];
    for (let day = 1; day <= 5; day++) seeded.push(await emu.control.createEvent(GRACE, event(`Event ${day}`, day)));
    const initial = await drain(
      client
        .api("/me/calendarView/delta")
        .header("Prefer", "odata.maxpagesize=2")
        .query({ startDateTime: "2026-04-01T00:00:00Z", endDateTime: "2026-05-01T00:00:00Z" })
        .get(),
    );
    expect(initial.pages).toEqual([2, 2, 1]);
    expect(initial.items.map((e) => e.subject)).toEqual(["Event 1", "Event 2", "Event 3", "Event 4", "Event 5"]);
    for (const link of initial.nextLinks) expect(link).toMatch(new RegExp(`^${emu.url.replace(/\./g, "\\.")}/v1\\.0/me/calendarView/delta\\?\\$skiptoken=`));
    expect(initial.deltaLink).toMatch(new RegExp(`^${emu.url.replace(/\./g, "\\.")}/v1\\.0/me/calendarView/delta\\?\\$deltatoken=`));

    // A person edits their calendar.
    await emu.control.updateEvent(GRACE, seeded[1].id, { subject: "Event 2 (renamed)" });
    await emu.control.deleteEvent(GRACE, seeded[3].id);
    const added = await emu.control.createEvent(GRACE, event("Event 6", 6));
    await emu.control.createEvent(GRACE, { ...event("Outside the window", 6), start: { dateTime: "2026-06-01T10:00:00", timeZone: "UTC" }, end: { dateTime: "2026-06-01T11:00:00", timeZone: "UTC" } });

    const changes = await drain(client.api(initial.deltaLink).get());
    expect(changes.items).toEqual([
      expect.objectContaining({ id: seeded[1].id, subject: "Event 2 (renamed)" }),
      expect.objectContaining({ id: added.id, subject: "Event 6" }),
      { "@odata.type": "#microsoft.graph.event", id: seeded[3].id, "@removed": { reason: "deleted" } },
    ]);
    const quiet = await drain(client.api(changes.deltaLink).get());
    expect(quiet.items).toEqual([]);
  });

  it("reports occurrences of a series, and changes to one occurrence", async () => {
    const master = await emu.control.createEvent(GRACE, {
      subject: "Standup",
      start: { dateTime: "2026-04-06T09:00:00", timeZone: "Europe/Berlin" },
      end: { dateTime: "2026-04-06T09:15:00", timeZone: "Europe/Berlin" },
      recurrence: { pattern: { type: "daily", interval: 1 }, range: { type: "endDate", startDate: "2026-04-06", endDate: "2026-04-08" } },
    });
    const initial = await drain(
      client.api("/me/calendarView/delta").query({ startDateTime: "2026-04-01T00:00:00Z", endDateTime: "2026-05-01T00:00:00Z" }).get(),
    );
    expect(initial.items.map((e) => [e.type, e.start.dateTime])).toEqual([
      ["occurrence", "2026-04-06T07:00:00.0000000"],
      ["occurrence", "2026-04-07T07:00:00.0000000"],
      ["occurrence", "2026-04-08T07:00:00.0000000"],
    ]);
    await emu.control.deleteEvent(GRACE, initial.items[1].id);
    const changes = await drain(client.api(initial.deltaLink).get());
    // Deleting one occurrence changes the series, so every occurrence is reported again and
    // the deleted one is @removed.
    expect(changes.items.filter((e) => e["@removed"])).toEqual([
      { "@odata.type": "#microsoft.graph.event", id: initial.items[1].id, "@removed": { reason: "deleted" } },
    ]);
    expect(changes.items.filter((e) => !e["@removed"]).map((e) => e.seriesMasterId)).toEqual([master.id, master.id]);
  });

  it("answers 410 syncStateNotFound once the delta token is invalidated", async () => {
    const initial = await drain(
      client.api("/me/calendarView/delta").query({ startDateTime: "2026-04-01T00:00:00Z", endDateTime: "2026-05-01T00:00:00Z" }).get(),
    );
    expect(await emu.control.invalidateDeltaTokens(GRACE)).toEqual({ invalidated: 1 });
    const error = await client.api(initial.deltaLink).get().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GraphError);
    expect((error as GraphError).statusCode).toBe(410);
    expect((error as GraphError).code).toBe("syncStateNotFound");
  });
});

describe("subscriptions", () => {
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  afterEach(() => receiver?.close());

  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

  it("validates the notification URL, then notifies changes with clientState; lifecycle events go to their own URL", async () => {
    receiver = await startWebhookReceiver();
    const subscription = await client.api("/subscriptions").post({
      changeType: "created,updated,deleted",
      notificationUrl: `${receiver.base}/graph/notifications`,
      lifecycleNotificationUrl: `${receiver.base}/graph/lifecycle`,
      resource: "/me/events",
      expirationDateTime: inDays(3),
      clientState: "kairos-secret-123",
    });
    expect(subscription).toMatchObject({
      resource: "/me/events",
      changeType: "created,updated,deleted",
      clientState: "kairos-secret-123",
      notificationUrl: `${receiver.base}/graph/notifications`,
      applicationId: emu.client.clientId,
    });
    expect(subscription.id).toMatch(/^[0-9a-f-]{36}$/);

    // The handshake: POST ?validationToken=… (text/plain), spaces encoded as "+".
    const validations = receiver.received.filter((r) => r.query.has("validationToken"));
    expect(validations.map((v) => v.path).sort()).toEqual(["/graph/lifecycle", "/graph/notifications"]);
    expect(validations[0].query.get("validationToken")).toMatch(/^Validation: Testing client application reachability for subscription Request-Id: /);
    expect(validations[0].headers["content-type"]).toMatch(/^text\/plain/);

    const created = await emu.control.createEvent(GRACE, event("Dentist", 9));
    await receiver.waitFor(() => receiver.notifications("/graph/notifications").length >= 1);
    const [notification] = receiver.notifications("/graph/notifications");
    const me = await client.api("/me").get();
    expect(notification.value).toEqual([
      {
        subscriptionId: subscription.id,
        subscriptionExpirationDateTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/),
        changeType: "created",
        resource: `Users/${me.id}/Events/${created.id}`,
        resourceData: {
          "@odata.type": "#Microsoft.Graph.Event",
          "@odata.id": `Users/${me.id}/Events/${created.id}`,
          "@odata.etag": expect.stringMatching(/^W\/"/),
          id: created.id,
        },
        clientState: "kairos-secret-123",
        tenantId: emu.tenantId,
      },
    ]);

    await client.api(`/me/events/${created.id}`).delete();
    await receiver.waitFor(() => receiver.notifications("/graph/notifications").length >= 2);
    expect(receiver.notifications("/graph/notifications")[1].value[0]).toMatchObject({ changeType: "deleted", resourceData: { id: created.id } });

    const lifecycle = await emu.control.sendLifecycleNotification(subscription.id, "reauthorizationRequired");
    expect(lifecycle.status).toBe(202);
    expect(receiver.notifications("/graph/lifecycle")[0].value[0]).toMatchObject({
      subscriptionId: subscription.id,
      lifecycleEvent: "reauthorizationRequired",
      clientState: "kairos-secret-123",
      tenantId: emu.tenantId,
    });

    const renewed = await client.api(`/subscriptions/${subscription.id}`).patch({ expirationDateTime: inDays(6) });
    expect(new Date(renewed.expirationDateTime).getTime()).toBeGreaterThan(new Date(subscription.expirationDateTime).getTime());
    expect((await client.api("/subscriptions").get()).value.map((s: { id: string }) => s.id)).toEqual([subscription.id]);

    await emu.control.sendLifecycleNotification(subscription.id, "subscriptionRemoved");
    expect((await client.api("/subscriptions").get()).value).toEqual([]);
  });

  it("only sends the change types subscribed to, and stops after DELETE", async () => {
    receiver = await startWebhookReceiver();
    const subscription = await client.api("/subscriptions").post({
      changeType: "updated",
      notificationUrl: `${receiver.base}/hook`,
      resource: "me/calendar/events",
      expirationDateTime: inDays(1),
    });
    const created = await emu.control.createEvent(GRACE, event("Quiet create", 10));
    await emu.control.updateEvent(GRACE, created.id, { subject: "Loud update" });
    await receiver.waitFor(() => receiver.notifications("/hook").length >= 1);
    await emu.control.waitForDeliveries();
    expect(receiver.notifications("/hook").flatMap((n) => n.value.map((v) => v.changeType))).toEqual(["updated"]);
    expect(receiver.notifications("/hook")[0].value[0].clientState).toBeUndefined();

    await client.api(`/subscriptions/${subscription.id}`).delete();
    await emu.control.updateEvent(GRACE, created.id, { subject: "Unheard" });
    await emu.control.waitForDeliveries();
    expect(receiver.notifications("/hook")).toHaveLength(1);
  });

  it("fails creation when the endpoint does not echo the token, or the expiration is too far", async () => {
    receiver = await startWebhookReceiver({ validation: "wrong" });
    const wrong = await client
      .api("/subscriptions")
      .post({ changeType: "created", notificationUrl: `${receiver.base}/hook`, resource: "/me/events", expirationDateTime: inDays(1) })
      .then(() => null, (e: GraphError) => e);
    expect(wrong).toBeInstanceOf(GraphError);
    expect(wrong?.statusCode).toBe(400);
    expect(wrong?.code).toBe("ValidationError");
    await receiver.close();

    receiver = await startWebhookReceiver();
    const tooLong = await client
      .api("/subscriptions")
      .post({ changeType: "created", notificationUrl: `${receiver.base}/hook`, resource: "/me/events", expirationDateTime: inDays(8) })
      .then(() => null, (e: GraphError) => e);
    expect(tooLong?.statusCode).toBe(400);
    expect(tooLong?.code).toBe("ExtensionError");
    expect((await emu.control.subscriptions()).subscriptions).toEqual([]);
  });
});
