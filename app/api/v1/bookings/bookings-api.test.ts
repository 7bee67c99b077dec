/**
 * The bookings HTTP contract, through the real route handlers (status codes,
 * headers and error bodies), on a real migrated database.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/test-database";
import { createApiKey } from "@/lib/auth/api-keys";
import type { EventType, User } from "@/lib/db/generated/client";
import { createTestEventType, createTestHost, dayFromToday, testAttendee, utc } from "@/lib/booking/test-fixtures";
import { GET as listRoute, POST as createRoute } from "./route";
import { GET as getRoute } from "./[uid]/route";
import { POST as cancelRoute } from "./[uid]/cancel/route";
import { POST as rescheduleRoute } from "./[uid]/reschedule/route";
import { GET as icsRoute } from "./[uid]/ics/route";

let t: TestDatabase;
let host: User;
let hostKey: string;
let strangerKey: string;
let intro: EventType;
const day = dayFromToday(3);
const base = "http://localhost:3000/api/v1/bookings";

beforeAll(async () => {
  t = await createTestDatabase();
  const stranger = await createTestHost(t.db, "Stranger");
  strangerKey = (await createApiKey(t.db, stranger.id, "test")).key;
});
afterAll(async () => t?.close());

beforeEach(async () => {
  host = await createTestHost(t.db);
  hostKey = (await createApiKey(t.db, host.id, "test")).key;
  intro = await createTestEventType(t.db, host.id, { slug: "intro", title: "Intro call" });
});

function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  return new Request(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}
const get = (url: string, headers: Record<string, string> = {}) => new Request(url, { headers });
const auth = (key: string) => ({ authorization: `Bearer ${key}` });
const ctx = (uid: string) => ({ params: Promise.resolve({ uid }) });

async function create(body: Record<string, unknown>) {
  const response = await createRoute(post(base, body), {});
  return { response, body: await response.json() };
}
const validBody = (extra: Record<string, unknown> = {}) => ({
  username: host.username,
  eventSlug: "intro",
  start: `${day}T06:00:00-04:00`,
  attendee: testAttendee(1),
  ...extra,
});

describe("POST /api/v1/bookings", () => {
  it("creates a booking: 201 with the contract's shape and absolute guest links", async () => {
    const { response, body } = await create(validBody({ notes: "Hi!" }));
    expect(response.status).toBe(201);
    expect(response.headers.get("idempotent-replayed")).toBeNull();
    expect(response.headers.get("cache-control")).toContain("no-store");
    expect(body).toMatchObject({
      status: "confirmed",
      start: `${day}T10:00:00.000Z`,
      end: `${day}T10:30:00.000Z`,
      eventTypeId: intro.id,
      title: "Intro call between Hana Host and Guest 1",
      attendee: { name: "Guest 1", email: "guest1@example.com", timeZone: "America/New_York" },
      location: { type: "link", value: "https://meet.example.com/hana" },
      notes: "Hi!",
      hostName: "Hana Host",
      hostUsername: host.username,
      eventSlug: "intro",
      eventTitle: "Intro call",
      cancelledAt: null,
      cancelReason: null,
    });
    expect(body.uid).toEqual(expect.any(String));
    const token = new URL(body.manageUrl).searchParams.get("token");
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.manageUrl).toBe(`http://localhost:3000/booking/${body.uid}?token=${token}`);
    expect(body.cancelUrl).toBe(`http://localhost:3000/booking/${body.uid}/cancel?token=${token}`);
    expect(body.rescheduleUrl).toBe(`http://localhost:3000/${host.username}/intro?rescheduleUid=${body.uid}&token=${token}`);
    expect(Object.keys(body)).not.toContain("guestTokenHash");
    expect(await t.db.booking.count({ where: { hostId: host.id } })).toBe(1);
  });

  it("answers 409 slot_unavailable for a taken slot, with the standard error body", async () => {
    await create(validBody());
    const { response, body } = await create(validBody({ attendee: testAttendee(2) }));
    expect(response.status).toBe(409);
    expect(body).toEqual({ error: { code: "slot_unavailable", message: expect.stringContaining("no longer available"), details: [] } });
    expect(await t.db.booking.count({ where: { hostId: host.id } })).toBe(1);
  });

  it("replays an idempotent request: same booking, 201, Idempotent-Replayed header, one row", async () => {
    const key = "a6f4c1e2-0b7d-4c52-9e1f-2d3c4b5a6978";
    const first = await create(validBody({ idempotencyKey: key }));
    const again = await create(validBody({ idempotencyKey: key }));
    expect(first.response.status).toBe(201);
    expect(again.response.status).toBe(201);
    expect(again.response.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
    expect(await t.db.booking.count({ where: { hostId: host.id } })).toBe(1);

    const other = await create(validBody({ idempotencyKey: key, start: utc(day, "11:00") }));
    expect(other.response.status).toBe(409);
    expect(other.body.error).toMatchObject({ code: "conflict", message: "This idempotency key was already used for a different booking." });
    expect(await t.db.booking.count({ where: { hostId: host.id } })).toBe(1);
  });

  const invalid: [string, () => unknown, number, string, string | undefined][] = [
    ["an invalid time zone", () => validBody({ attendee: { ...testAttendee(1), timeZone: "Not/AZone" } }), 400, "validation_error", "attendee.timeZone"],
    ["a malformed date", () => validBody({ start: "2026-13-45T25:00:00Z" }), 400, "validation_error", "start"],
    ["a date without offset", () => validBody({ start: `${day}T10:00` }), 400, "validation_error", "start"],
    ["a number as start", () => validBody({ start: 1234 }), 400, "validation_error", "start"],
    ["a missing attendee", () => validBody({ attendee: undefined }), 400, "validation_error", "attendee"],
    ["a bad email", () => validBody({ attendee: { ...testAttendee(1), email: "x@" } }), 400, "validation_error", "attendee.email"],
    ["no event reference", () => validBody({ username: undefined, eventSlug: undefined }), 400, "validation_error", "eventTypeId"],
    ["a body that is not JSON", () => "{not json", 400, "validation_error", undefined],
    ["a JSON array", () => "[]", 400, "validation_error", undefined],
    ["a past time", () => validBody({ start: utc(dayFromToday(-2), "10:00") }), 409, "slot_unavailable", undefined],
    ["a time not offered", () => validBody({ start: utc(day, "20:00") }), 409, "slot_unavailable", undefined],
    ["an unknown slug", () => validBody({ eventSlug: "missing" }), 404, "not_found", undefined],
    ["an unknown username", () => validBody({ username: "no-such-host" }), 404, "not_found", undefined],
  ];
  it.each(invalid)("rejects %s with a stable 4xx and writes nothing", async (_name, body, status, code, path) => {
    const response = await createRoute(post(base, body()), {});
    expect(response.status).toBe(status);
    const json = await response.json();
    expect(json.error.code).toBe(code);
    expect(json.error.message).toEqual(expect.any(String));
    if (path) expect(json.error.details).toContainEqual({ path, message: expect.any(String) });
    expect(await t.db.booking.count({ where: { hostId: host.id } })).toBe(0);
  });
});

describe("reading, cancelling and rescheduling over HTTP", () => {
  async function booked() {
    const { body } = await create(validBody());
    return { uid: body.uid as string, token: new URL(body.manageUrl).searchParams.get("token")! };
  }

  it("GET /{uid}: the guest with ?token= (links included), the host (no links); everyone else 404", async () => {
    const { uid, token } = await booked();
    const asGuest = await getRoute(get(`${base}/${uid}?token=${token}`), ctx(uid));
    expect(asGuest.status).toBe(200);
    expect(await asGuest.json()).toMatchObject({ uid, manageUrl: expect.stringContaining(token) });

    const asHost = await getRoute(get(`${base}/${uid}`, auth(hostKey)), ctx(uid));
    expect(asHost.status).toBe(200);
    const hostView = await asHost.json();
    expect(hostView.uid).toBe(uid);
    expect(hostView).not.toHaveProperty("manageUrl");

    for (const [request, label] of [
      [get(`${base}/${uid}?token=wrong`), "wrong token"],
      [get(`${base}/${uid}`), "anonymous"],
      [get(`${base}/${uid}`, auth(strangerKey)), "another host"],
      [get(`${base}/nope?token=${token}`), "unknown uid"],
    ] as const) {
      const response = await getRoute(request, ctx(request.url.includes("/nope") ? "nope" : uid));
      expect({ label, status: response.status, code: (await response.json()).error.code }).toEqual({ label, status: 404, code: "not_found" });
    }
    const badKey = await getRoute(get(`${base}/${uid}`, auth("kai_notakey")), ctx(uid));
    expect(badKey.status).toBe(401);
  });

  it("POST /{uid}/cancel: wrong token 404, guest cancels, second cancel 409", async () => {
    const { uid, token } = await booked();
    const wrong = await cancelRoute(post(`${base}/${uid}/cancel`, { token: "nope" }), ctx(uid));
    expect(wrong.status).toBe(404);
    const stranger = await cancelRoute(post(`${base}/${uid}/cancel`, {}, auth(strangerKey)), ctx(uid));
    expect(stranger.status).toBe(404);

    const ok = await cancelRoute(post(`${base}/${uid}/cancel`, { token, reason: "Sick" }), ctx(uid));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ uid, status: "cancelled", cancelReason: "Sick", cancelledAt: expect.any(String) });

    const again = await cancelRoute(post(`${base}/${uid}/cancel`, {}, auth(hostKey)), ctx(uid));
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe("conflict");
    // The slot is bookable again.
    expect((await create(validBody({ attendee: testAttendee(9) }))).response.status).toBe(201);
  });

  it("POST /{uid}/reschedule: moves for the guest; a taken time is 409 and keeps the old time", async () => {
    const { uid, token } = await booked();
    await create(validBody({ start: utc(day, "12:00"), attendee: testAttendee(2) }));

    const taken = await rescheduleRoute(post(`${base}/${uid}/reschedule`, { token, start: utc(day, "12:00") }), ctx(uid));
    expect(taken.status).toBe(409);
    expect((await taken.json()).error.code).toBe("slot_unavailable");
    const unchanged = await getRoute(get(`${base}/${uid}`, auth(hostKey)), ctx(uid));
    expect((await unchanged.json()).start).toBe(`${day}T10:00:00.000Z`);

    const bad = await rescheduleRoute(post(`${base}/${uid}/reschedule`, { token, start: "soon" }), ctx(uid));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.details).toContainEqual({ path: "start", message: expect.any(String) });

    const moved = await rescheduleRoute(post(`${base}/${uid}/reschedule`, { token, start: utc(day, "10:30") }), ctx(uid));
    expect(moved.status).toBe(200);
    expect(await moved.json()).toMatchObject({ uid, start: `${day}T10:30:00.000Z`, end: `${day}T11:00:00.000Z`, manageUrl: expect.any(String) });

    const asHost = await rescheduleRoute(post(`${base}/${uid}/reschedule`, { start: utc(day, "14:00") }, auth(hostKey)), ctx(uid));
    expect(asHost.status).toBe(200);
    expect(await t.db.booking.count({ where: { hostId: host.id } })).toBe(2);
  });

  it("GET /{uid}/ics: a calendar download for the token holder", async () => {
    const { uid, token } = await booked();
    const response = await icsRoute(get(`${base}/${uid}/ics?token=${token}`), ctx(uid));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="kairos-${day}-intro.ics"`);
    const text = await response.text();
    expect(text).toContain(`UID:${uid}@kairos`);
    expect(text).toContain("STATUS:CONFIRMED");
    const denied = await icsRoute(get(`${base}/${uid}/ics?token=nope`), ctx(uid));
    expect(denied.status).toBe(404);
  });

  it("GET /bookings: host only, by status", async () => {
    const { uid } = await booked();
    const anonymous = await listRoute(get(base), {});
    expect(anonymous.status).toBe(401);
    const response = await listRoute(get(`${base}?status=upcoming`, auth(hostKey)), {});
    expect(response.status).toBe(200);
    const bookings = await response.json();
    expect(bookings.map((b: { uid: string }) => b.uid)).toEqual([uid]);
    expect(bookings[0]).not.toHaveProperty("manageUrl");
    const theirs = await listRoute(get(base, auth(strangerKey)), {});
    expect(await theirs.json()).toEqual([]);
    const bad = await listRoute(get(`${base}?status=everything`, auth(hostKey)), {});
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.details[0].path).toBe("status");
  });
});
