/**
 * loadExternalBusy reads the busy store, never a provider: rows seeded as
 * lib/sync stores them (test/busy-store-fixtures.ts), and once end to end —
 * the Google emulator synced by syncCalendar, then read while Google is
 * watched for requests. Sources carry their sync health; time Kairos does not
 * know (never synced, past the synced horizon) is held busy, as the engine
 * holds it.
 */
import { describe, expect, it } from "vitest";
import { createHostWithKey } from "@/test/api-test-helpers";
import { seedConnection, seedEvents, seedSyncState } from "@/test/busy-store-fixtures";
import { connectOAuthAccount } from "@/test/calendar-connections";
import { useCalendarEmulators } from "@/test/calendar-emulators";
import { syncCalendar } from "../sync/sync-calendar";
import { loadExternalBusy } from "./load-external-busy";

const ADA = "ada@example.com";
const utc = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const WINDOW = { start: utc("2026-05-04T00:00:00Z"), end: utc("2026-05-07T00:00:00Z") };

const env = useCalendarEmulators({ google: [{ email: ADA, timeZone: "Europe/Berlin" }] });

const host = async () => (await createHostWithKey(env.t.db, { timeZone: "Europe/Berlin" })).user;

describe("loadExternalBusy", () => {
  it("merges every ticked calendar across accounts from the store, only what blocks, sources in Settings order", async () => {
    const user = await host();
    const g = await seedConnection(env.t.db, user.id, [{ name: "Ada" }, { name: "Team" }, { name: "Birthdays", selected: false }], { provider: "google" });
    const m = await seedConnection(env.t.db, user.id, [{ name: "Grace" }], { provider: "microsoft" });
    const [gPrimary, team, birthdays] = g.calendarIds;
    const [mPrimary] = m.calendarIds;
    const syncedAt = new Date("2026-05-01T08:00:00Z");
    for (const id of [gPrimary, team, mPrimary]) await seedSyncState(env.t.db, id, { lastSyncedAt: syncedAt });
    await seedEvents(env.t.db, gPrimary, [
      { start: "2026-05-04T10:00:00Z", end: "2026-05-04T11:00:00Z" },
      { start: "2026-05-04T13:00:00Z", end: "2026-05-04T14:00:00Z", showAs: "free" },
      { start: "2026-05-04T15:00:00Z", end: "2026-05-04T16:00:00Z", selfResponse: "declined" },
      { start: "2026-05-08T10:00:00Z", end: "2026-05-08T11:00:00Z" }, // after the window
    ]);
    await seedEvents(env.t.db, team, [{ start: "2026-05-04T10:30:00Z", end: "2026-05-04T11:30:00Z", status: "tentative" }]);
    await seedEvents(env.t.db, birthdays, [{ start: "2026-05-06T08:00:00Z", end: "2026-05-06T09:00:00Z" }]);
    await seedEvents(env.t.db, mPrimary, [
      { start: "2026-05-04T11:30:00Z", end: "2026-05-04T12:00:00Z" }, // touches the Google block
      { start: "2026-05-03T23:00:00Z", end: "2026-05-04T01:00:00Z" }, // overlaps the window's start: comes whole
    ]);

    const result = await loadExternalBusy(env.t.db, user.id, WINDOW);
    expect(result.busy.map((b) => [iso(b.start), iso(b.end)])).toEqual([
      ["2026-05-03T23:00:00.000Z", "2026-05-04T01:00:00.000Z"],
      ["2026-05-04T10:00:00.000Z", "2026-05-04T12:00:00.000Z"],
    ]);
    expect(result.blocks).toEqual([
      { start: utc("2026-05-03T23:00:00Z"), end: utc("2026-05-04T01:00:00Z"), calendarId: mPrimary },
      { start: utc("2026-05-04T10:00:00Z"), end: utc("2026-05-04T11:00:00Z"), calendarId: gPrimary },
      { start: utc("2026-05-04T10:30:00Z"), end: utc("2026-05-04T11:30:00Z"), calendarId: team },
      { start: utc("2026-05-04T11:30:00Z"), end: utc("2026-05-04T12:00:00Z"), calendarId: mPrimary },
    ]);
    expect(result.sources).toEqual([
      { calendarId: gPrimary, calendarName: "Ada", connectionId: g.connectionId, provider: "google", status: "ok", lastSyncedAt: syncedAt, events: 1 },
      { calendarId: team, calendarName: "Team", connectionId: g.connectionId, provider: "google", status: "ok", lastSyncedAt: syncedAt, events: 1 },
      { calendarId: mPrimary, calendarName: "Grace", connectionId: m.connectionId, provider: "microsoft", status: "ok", lastSyncedAt: syncedAt, events: 2 },
    ]);
  });

  it("lets all-day events block or not, per the host's setting", async () => {
    const user = await host();
    const { calendarIds } = await seedConnection(env.t.db, user.id);
    await seedSyncState(env.t.db, calendarIds[0]);
    await seedEvents(env.t.db, calendarIds[0], [{ start: "2026-05-04T22:00:00Z", end: "2026-05-05T22:00:00Z", allDay: true }]);
    expect((await loadExternalBusy(env.t.db, user.id, WINDOW)).busy).toEqual([{ start: utc("2026-05-04T22:00:00Z"), end: utc("2026-05-05T22:00:00Z") }]);
    await env.t.db.user.update({ where: { id: user.id }, data: { allDayEventsBlock: false } });
    const off = await loadExternalBusy(env.t.db, user.id, WINDOW);
    expect(off.busy).toEqual([]);
    expect(off.sources[0]).toMatchObject({ status: "ok", events: 0 });
  });

  it("derives each source's status from its sync state, and holds unknown time busy", async () => {
    const user = await host();
    const g = await seedConnection(env.t.db, user.id, [{ name: "Never synced" }, { name: "Failing" }, { name: "First try failed" }, { name: "Short horizon" }]);
    const [never, failing, firstFailed, short] = g.calendarIds;
    const dead = await seedConnection(env.t.db, user.id, [{ name: "Revoked" }], { status: "needs_reconnect", lastError: "invalid_grant: Token has been expired or revoked." });
    const lastGood = new Date("2026-05-01T08:00:00Z");
    await seedSyncState(env.t.db, failing, { lastSyncedAt: lastGood, lastError: "Google answered 503.", lastErrorAt: new Date("2026-05-01T09:00:00Z"), consecutiveFailures: 3 });
    await seedSyncState(env.t.db, firstFailed, { lastSyncedAt: null, lastError: "The calendar did not answer within 10 s.", lastErrorAt: new Date(), consecutiveFailures: 1 });
    await seedSyncState(env.t.db, short, { lastSyncedAt: lastGood, syncedTo: new Date("2026-05-06T12:00:00Z") });
    await seedSyncState(env.t.db, dead.calendarIds[0], { lastSyncedAt: lastGood });
    await seedEvents(env.t.db, failing, [{ start: "2026-05-05T09:00:00Z", end: "2026-05-05T10:00:00Z" }]);
    await seedEvents(env.t.db, dead.calendarIds[0], [{ start: "2026-05-05T12:00:00Z", end: "2026-05-05T13:00:00Z" }]);

    const result = await loadExternalBusy(env.t.db, user.id, WINDOW);
    expect(result.sources.map(({ calendarName, status, error, lastSyncedAt, events }) => ({ calendarName, status, error, lastSyncedAt, events }))).toEqual([
      { calendarName: "Never synced", status: "pending", error: undefined, lastSyncedAt: null, events: 0 },
      { calendarName: "Failing", status: "error", error: "Google answered 503.", lastSyncedAt: lastGood, events: 1 },
      { calendarName: "First try failed", status: "pending", error: "The calendar did not answer within 10 s.", lastSyncedAt: null, events: 0 },
      { calendarName: "Short horizon", status: "ok", error: undefined, lastSyncedAt: lastGood, events: 0 },
      { calendarName: "Revoked", status: "needs_reconnect", error: "invalid_grant: Token has been expired or revoked.", lastSyncedAt: lastGood, events: 1 },
    ]);
    // Stale rows still count; the never-synced calendars hold the whole window; the short horizon its tail.
    expect(result.blocks.filter((b) => b.unknown)).toEqual([
      { start: WINDOW.start, end: WINDOW.end, calendarId: never, unknown: true },
      { start: WINDOW.start, end: WINDOW.end, calendarId: firstFailed, unknown: true },
      { start: utc("2026-05-06T12:00:00Z"), end: WINDOW.end, calendarId: short, unknown: true },
    ]);
    expect(result.blocks.filter((b) => !b.unknown).map((b) => b.calendarId)).toEqual([failing, dead.calendarIds[0]]);
    expect(result.busy).toEqual([WINDOW]);
  });

  it("answers nothing for a host without ticked calendars, and no blocks for an empty window", async () => {
    const user = await host();
    expect(await loadExternalBusy(env.t.db, user.id, WINDOW)).toEqual({ busy: [], sources: [], blocks: [] });
    const { calendarIds } = await seedConnection(env.t.db, user.id);
    await seedSyncState(env.t.db, calendarIds[0]);
    await seedEvents(env.t.db, calendarIds[0], [{ start: "2026-05-04T10:00:00Z", end: "2026-05-04T11:00:00Z" }]);
    const empty = await loadExternalBusy(env.t.db, user.id, { start: WINDOW.start, end: WINDOW.start });
    expect(empty.busy).toEqual([]);
    expect(empty.blocks).toEqual([]);
    expect(empty.sources[0]).toMatchObject({ calendarId: calendarIds[0], status: "ok", events: 0 });
  });

  it("end to end: what syncCalendar stored from Google is read without a single request to Google; a failing sync keeps it", async () => {
    const now = utc("2026-05-01T12:00:00Z");
    const user = await host();
    const connection = await connectOAuthAccount(env.t.db, user.id, "google", ADA);
    const calendarId = connection.calendars.find((c) => c.isPrimary)!.id;
    // Before the first sync the calendar is pending and its time unknown.
    expect((await loadExternalBusy(env.t.db, user.id, WINDOW)).sources[0]).toMatchObject({ calendarId, status: "pending", lastSyncedAt: null });

    await env.google.control.createEvent(ADA, { summary: "Dentist", start: { dateTime: "2026-05-04T10:00:00Z" }, end: { dateTime: "2026-05-04T11:00:00Z" } });
    await env.google.control.createEvent(ADA, { summary: "Focus", transparency: "transparent", start: { dateTime: "2026-05-04T13:00:00Z" }, end: { dateTime: "2026-05-04T14:00:00Z" } });
    await env.google.control.createEvent(ADA, {
      summary: "Standup",
      start: { dateTime: "2026-05-04T09:00:00", timeZone: "Europe/Berlin" },
      end: { dateTime: "2026-05-04T09:15:00", timeZone: "Europe/Berlin" },
      recurrence: ["RRULE:FREQ=DAILY;COUNT=3"],
    });
    await syncCalendar(env.t.db, calendarId, { reason: "manual", now });

    await env.google.control.clearRequests();
    const result = await loadExternalBusy(env.t.db, user.id, WINDOW);
    expect(await env.google.control.countRequests()).toBe(0);
    expect(result.busy.map((b) => [iso(b.start), iso(b.end)])).toEqual([
      ["2026-05-04T07:00:00.000Z", "2026-05-04T07:15:00.000Z"],
      ["2026-05-04T10:00:00.000Z", "2026-05-04T11:00:00.000Z"],
      ["2026-05-05T07:00:00.000Z", "2026-05-05T07:15:00.000Z"],
      ["2026-05-06T07:00:00.000Z", "2026-05-06T07:15:00.000Z"],
    ]);
    expect(result.sources).toEqual([expect.objectContaining({ calendarId, status: "ok", lastSyncedAt: new Date(now), events: 4 })]);

    // Google fails the next sync: the store keeps its rows, the source says so.
    await env.google.control.injectFault({ method: "GET", path: "/calendar/v3/calendars/*/events", status: 500, always: true });
    await expect(syncCalendar(env.t.db, calendarId, { reason: "poll", now: now + 60_000 })).rejects.toThrow();
    const stale = await loadExternalBusy(env.t.db, user.id, WINDOW);
    expect(stale.busy).toEqual(result.busy);
    expect(stale.sources).toEqual([expect.objectContaining({ calendarId, status: "error", lastSyncedAt: new Date(now), error: expect.any(String), events: 4 })]);
    await env.google.control.clearFaults();
  });
});
