/**
 * The host's choices about connected calendars — conflicts, the one
 * destination, the per-event-type destination, the all-day rule — and how
 * they survive re-listing and disconnecting. Connections are stored through
 * saveConnection with calendar lists as a provider would report them (these
 * paths make no provider call); the database constraints are checked too.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHostWithKey } from "@/test/api-test-helpers";
import { useCalendarTestEnv } from "@/test/calendar-test-env";
import { rejection } from "@/test/rejection";
import { createTestDatabase, type TestDatabase } from "@/test/test-database";
import { isUniqueViolation } from "../db/errors";
import { AppError } from "../errors";
import { disconnectAccount } from "./disconnect-account";
import { registerDisconnectHook } from "./disconnect-hooks";
import { getCalendarSettings } from "./get-calendar-settings";
import { listCalendars } from "./list-calendars";
import { listConflictCalendars } from "./list-conflict-calendars";
import { listConnections } from "./list-connections";
import type { ProviderCalendar } from "./provider";
import { reconcileCalendars } from "./reconcile-calendars";
import { resolveDestinationCalendar } from "./resolve-destination-calendar";
import { saveConnection } from "./save-connection";
import { updateCalendarSelection } from "./update-calendar-selection";
import { updateCalendarSettings } from "./update-calendar-settings";

let t: TestDatabase;
beforeAll(async () => {
  useCalendarTestEnv();
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

const cal = (externalId: string, name: string, extra: Partial<ProviderCalendar> = {}): ProviderCalendar => ({
  externalId,
  name,
  isPrimary: false,
  canWrite: true,
  ...extra,
});

/** A CalDAV-like account as stored after connecting (the credentials are never used on these paths). */
function account(userId: string, id: string, calendars: ProviderCalendar[]) {
  return saveConnection(t.db, userId, {
    credentials: { provider: "caldav", serverUrl: `https://${id}.example.com/`, username: "ada", password: "secret" },
    externalAccountId: `ada@${id}.example.com`,
    label: `ada · ${id}.example.com`,
    accountEmail: null,
    calendars,
  });
}

const byName = <T extends { name: string }>(list: T[], name: string): T => list.find((c) => c.name === name)!;

describe("initial choices", () => {
  it("tick the primary calendar (else the first) of each account; the first account's writable primary becomes the destination", async () => {
    const { user } = await createHostWithKey(t.db);
    const first = await account(user.id, "one", [cal("a", "Shared with me", { canWrite: false }), cal("b", "Personal", { isPrimary: true }), cal("c", "Birthdays")]);
    expect(first.calendars.map((c) => [c.name, c.selectedForConflicts, c.isDestination])).toEqual([
      ["Personal", true, true],
      ["Birthdays", false, false],
      ["Shared with me", false, false],
    ]);
    const second = await account(user.id, "two", [cal("x", "Read-only", { canWrite: false }), cal("y", "Work")]);
    expect(second.calendars.map((c) => [c.name, c.selectedForConflicts, c.isDestination])).toEqual([
      ["Read-only", true, false],
      ["Work", false, false],
    ]);
  });

  it("an account with no writable calendar does not become the destination", async () => {
    const { user } = await createHostWithKey(t.db);
    const dto = await account(user.id, "ro", [cal("r", "Holidays", { canWrite: false, isPrimary: true })]);
    expect(dto.calendars[0]).toMatchObject({ selectedForConflicts: true, isDestination: false });
  });
});

describe("updateCalendarSelection", () => {
  it("ticks and unticks a calendar for conflicts", async () => {
    const { user } = await createHostWithKey(t.db);
    const dto = await account(user.id, "sel", [cal("a", "A", { isPrimary: true }), cal("b", "B")]);
    const b = byName(dto.calendars, "B");
    expect(await updateCalendarSelection(t.db, user.id, b.id, { selectedForConflicts: true })).toMatchObject({ id: b.id, selectedForConflicts: true, provider: "caldav" });
    expect(await updateCalendarSelection(t.db, user.id, b.id, { selectedForConflicts: false })).toMatchObject({ selectedForConflicts: false });
  });

  it("one destination per host: choosing one clears the previous, across accounts; false leaves none", async () => {
    const { user } = await createHostWithKey(t.db);
    const one = await account(user.id, "d1", [cal("a", "A", { isPrimary: true })]);
    const two = await account(user.id, "d2", [cal("b", "B", { isPrimary: true })]);
    const a = one.calendars[0];
    const b = two.calendars[0];
    expect(a.isDestination).toBe(true);

    expect(await updateCalendarSelection(t.db, user.id, b.id, { isDestination: true })).toMatchObject({ isDestination: true });
    const all = await listCalendars(t.db, user.id);
    expect(all.map((c) => [c.name, c.isDestination])).toEqual([
      ["A", false],
      ["B", true],
    ]);

    await updateCalendarSelection(t.db, user.id, b.id, { isDestination: false });
    expect((await listCalendars(t.db, user.id)).some((c) => c.isDestination)).toBe(false);
    expect(await resolveDestinationCalendar(t.db, user.id)).toBeNull();
  });

  it("refuses a read-only destination, another host's calendar, and an empty change", async () => {
    const { user } = await createHostWithKey(t.db);
    const { user: other } = await createHostWithKey(t.db);
    const dto = await account(user.id, "ro2", [cal("w", "Writable", { isPrimary: true }), cal("r", "Feed", { canWrite: false })]);
    const readOnly = await rejection(updateCalendarSelection(t.db, user.id, byName(dto.calendars, "Feed").id, { isDestination: true }), AppError);
    expect(readOnly).toMatchObject({ code: "validation_error", details: [{ path: "isDestination", message: "This calendar is read-only." }] });
    expect((await rejection(updateCalendarSelection(t.db, other.id, dto.calendars[0].id, { selectedForConflicts: false }), AppError)).code).toBe("not_found");
    await expect(updateCalendarSelection(t.db, user.id, dto.calendars[0].id, {})).rejects.toThrow(/selectedForConflicts and\/or isDestination/);
    expect(byName(await listCalendars(t.db, user.id), "Writable")).toMatchObject({ isDestination: true, selectedForConflicts: true });
  });

  it("the database itself refuses two destinations for one host and a read-only destination", async () => {
    const { user } = await createHostWithKey(t.db);
    const dto = await account(user.id, "db", [cal("a", "A", { isPrimary: true }), cal("b", "B"), cal("r", "R", { canWrite: false })]);
    const second = t.db.connectedCalendar.update({ where: { id: byName(dto.calendars, "B").id }, data: { isDestination: true } });
    expect(isUniqueViolation(await second.catch((e: unknown) => e))).toBe(true);
    const readOnly = await t.db.connectedCalendar.update({ where: { id: byName(dto.calendars, "R").id }, data: { isDestination: true } }).catch((e: unknown) => e);
    expect(String((readOnly as Error).message)).toMatch(/connected_calendars_destination_writable|check constraint/i);
  });
});

describe("re-listing (reconcileCalendars)", () => {
  it("keeps choices, follows the provider's names and access, adds new unticked, removes vanished", async () => {
    const { user } = await createHostWithKey(t.db);
    const dto = await account(user.id, "re", [cal("a", "A", { isPrimary: true }), cal("b", "B"), cal("c", "C")]);
    const b = byName(dto.calendars, "B");
    await updateCalendarSelection(t.db, user.id, b.id, { selectedForConflicts: true, isDestination: true });
    const eventType = await t.db.eventType.create({
      data: { userId: user.id, slug: "re", title: "Re", durationMinutes: 30, locationType: "phone", locationValue: "+1 555 0100", destinationCalendarId: byName(dto.calendars, "C").id },
    });

    await t.db.$transaction((tx) =>
      reconcileCalendars(tx, { id: dto.id, userId: user.id, provider: "caldav" }, [
        cal("a", "A", { isPrimary: true }),
        cal("b", "B renamed", { color: "#ff0000", timeZone: "Europe/Paris" }),
        cal("d", "D"),
      ]),
    );
    const [after] = await listConnections(t.db, user.id);
    expect(after.calendars.map((c) => [c.name, c.selectedForConflicts, c.isDestination])).toEqual([
      ["A", true, false],
      ["B renamed", true, true],
      ["D", false, false],
    ]);
    expect(byName(after.calendars, "B renamed")).toMatchObject({ id: b.id, color: "#ff0000", timeZone: "Europe/Paris" });
    expect((await t.db.eventType.findUniqueOrThrow({ where: { id: eventType.id } })).destinationCalendarId).toBeNull();

    // Losing write access drops the destination mark (bookings could not be written there).
    await t.db.$transaction((tx) =>
      reconcileCalendars(tx, { id: dto.id, userId: user.id, provider: "caldav" }, [cal("a", "A", { isPrimary: true }), cal("b", "B renamed", { canWrite: false }), cal("d", "D")]),
    );
    expect((await listCalendars(t.db, user.id)).filter((c) => c.isDestination)).toEqual([]);
  });
});

describe("resolveDestinationCalendar and listConflictCalendars (what availability and write-back call)", () => {
  it("uses the event type's own writable destination, else the host's; never another host's calendar", async () => {
    const { user } = await createHostWithKey(t.db);
    const { user: other } = await createHostWithKey(t.db);
    const dto = await account(user.id, "res", [cal("main", "Main", { isPrimary: true }), cal("team", "Team"), cal("feed", "Feed", { canWrite: false })]);
    const foreign = await account(other.id, "foreign", [cal("x", "Other's", { isPrimary: true })]);
    const make = (slug: string, destinationCalendarId: string | null) =>
      t.db.eventType.create({ data: { userId: user.id, slug, title: slug, durationMinutes: 30, locationType: "phone", locationValue: "+1 555 0100", destinationCalendarId } });

    const plain = await make("plain", null);
    const team = await make("team", byName(dto.calendars, "Team").id);
    const readOnly = await make("feed", byName(dto.calendars, "Feed").id);
    const stolen = await make("stolen", foreign.calendars[0].id);

    const host = await resolveDestinationCalendar(t.db, user.id);
    expect(host).toMatchObject({ calendar: { externalId: "main", name: "Main" }, connection: { id: dto.id, provider: "caldav" } });
    expect((await resolveDestinationCalendar(t.db, user.id, plain.id))?.calendar.externalId).toBe("main");
    expect((await resolveDestinationCalendar(t.db, user.id, team.id))?.calendar.externalId).toBe("team");
    expect((await resolveDestinationCalendar(t.db, user.id, readOnly.id))?.calendar.externalId).toBe("main");
    expect((await resolveDestinationCalendar(t.db, user.id, stolen.id))?.calendar.externalId).toBe("main");
    // Another host's event type id resolves to this host's destination, not theirs.
    expect((await resolveDestinationCalendar(t.db, other.id, team.id))?.calendar.externalId).toBe("x");
  });

  it("lists only ticked calendars, grouped by connection, with the all-day rule", async () => {
    const { user } = await createHostWithKey(t.db);
    const one = await account(user.id, "c1", [cal("a", "A", { isPrimary: true }), cal("b", "B")]);
    await account(user.id, "c2", [cal("z", "Z", { isPrimary: true })]);
    await updateCalendarSelection(t.db, user.id, byName((await listConnections(t.db, user.id))[1].calendars, "Z").id, { selectedForConflicts: false });
    await updateCalendarSelection(t.db, user.id, byName(one.calendars, "B").id, { selectedForConflicts: true });
    await updateCalendarSettings(t.db, user.id, { allDayEventsBlock: false });

    const result = await listConflictCalendars(t.db, user.id);
    expect(result.allDayEventsBlock).toBe(false);
    expect(result.sources).toHaveLength(1);
    expect(result.sources[0].connection).toMatchObject({ id: one.id, provider: "caldav", status: "active", credentials: expect.stringMatching(/^v1\./) });
    expect(result.sources[0].calendars.map((c) => c.externalId)).toEqual(["a", "b"]);
    expect(await getCalendarSettings(t.db, user.id)).toEqual({ allDayEventsBlock: false });
  });
});

describe("disconnectAccount", () => {
  it("runs the disconnect hooks with the connection and its adapter, then deletes it and its calendars", async () => {
    const { user } = await createHostWithKey(t.db);
    const dto = await account(user.id, "bye", [cal("a", "A", { isPrimary: true })]);
    const seen: string[] = [];
    const removeFailing = registerDisconnectHook(async () => {
      throw new Error("provider down");
    });
    const removeRecording = registerDisconnectHook(async ({ connection, provider }) => {
      seen.push(`${connection.id}:${provider().kind}`);
    });
    try {
      await disconnectAccount(t.db, user.id, dto.id);
    } finally {
      removeFailing();
      removeRecording();
    }
    expect(seen).toEqual([`${dto.id}:caldav`]);
    expect(await t.db.calendarConnection.count({ where: { id: dto.id } })).toBe(0);
    expect(await t.db.connectedCalendar.count({ where: { connectionId: dto.id } })).toBe(0);
    expect(await resolveDestinationCalendar(t.db, user.id)).toBeNull();
  });

  it("answers 404 for another host's connection and leaves it alone", async () => {
    const { user } = await createHostWithKey(t.db);
    const { user: other } = await createHostWithKey(t.db);
    const dto = await account(user.id, "keep", [cal("a", "A", { isPrimary: true })]);
    expect((await rejection(disconnectAccount(t.db, other.id, dto.id), AppError)).code).toBe("not_found");
    expect(await t.db.calendarConnection.count({ where: { id: dto.id } })).toBe(1);
  });
});
