/**
 * The shared slot cache as the app uses it: app instances in separate Node
 * processes (test/app-instance.ts) on one database and one Redis. A booking
 * made through one instance must never leave another answering from a stale
 * cached answer — and, as a control, an instance without Redis does. Then
 * what a request sees while Redis is unreachable. Real database (PostgreSQL with
 * TEST_DATABASE_URL, else PGlite), real Redis (test/redis.ts); skipped without Redis.
 */
import Redis from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startAppInstance, type AppInstance } from "@/test/app-instance";
import { REDIS_MISSING_MESSAGE, redisAvailable, startTcpProxy, startTestRedis, type TestRedis } from "@/test/redis";
import { createTestDatabase, type TestDatabase } from "@/test/test-database";
import { createBooking } from "../booking/create-booking";
import { createTestEventType, createTestHost, dayFromToday, testAttendee, utc } from "../booking/test-fixtures";
import type { EventType } from "../db/generated/client";
import { getCachedSlots, slotCacheKey } from "./cached-get-slots";
import { getSlots } from "./get-slots";
import { RedisSlotCacheStore } from "./redis-slot-cache-store";
import { setSlotCacheStore } from "./slot-cache";

const day = dayFromToday(5);
const times = (res: { slots: Record<string, { start: string }[]> }) => (res.slots[day] ?? []).map((s) => s.start.slice(11, 16));

if (!redisAvailable()) {
  // Said in the output too: a skipped test's name is easy to miss.
  console.warn(REDIS_MISSING_MESSAGE);
  it.skip(`Slot cache across app instances: ${REDIS_MISSING_MESSAGE}`, () => {});
} else {
  let t: TestDatabase;
  let redis: TestRedis;
  beforeAll(async () => {
    [t, redis] = await Promise.all([createTestDatabase(), startTestRedis()]);
  }, 180_000);
  afterAll(async () => {
    await Promise.all([t?.close(), redis?.stop()]);
  });

  async function eventType(): Promise<EventType> {
    const host = await createTestHost(t.db);
    return createTestEventType(t.db, host.id, { minimumNoticeMinutes: 60 });
  }

  const slotsThrough = async (instance: AppInstance, type: EventType) => {
    const res = await fetch(`${instance.url}/api/v1/slots?eventTypeId=${type.id}&start=${day}&end=${day}&timeZone=UTC`);
    expect(res.status).toBe(200);
    return times(await res.json());
  };
  const bookThrough = async (instance: AppInstance, type: EventType, time: string, n: number) => {
    const res = await fetch(`${instance.url}/api/v1/bookings`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ eventTypeId: type.id, start: utc(day, time), attendee: testAttendee(n) }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
  };

  describe("Slot cache across app instances", () => {
    // A and B share Redis; C caches in its own memory (no REDIS_URL), as every
    // instance did before. Each is a separate process that loads the whole
    // app (googleapis included): slow to start on a busy machine.
    let a: AppInstance, b: AppInstance, c: AppInstance;
    // A throwaway Redis is all ours: the instances use the app's own keys. On a
    // shared one (TEST_REDIS_URL), a namespace of this suite's.
    let keyPrefix = "kairos:slots:";
    beforeAll(async () => {
      if (!redis.throwaway) keyPrefix = `${redis.keyPrefix}app:`;
      const shared = { DATABASE_URL: t.url, REDIS_URL: redis.url, KAIROS_TEST_SLOT_CACHE_PREFIX: redis.throwaway ? undefined : keyPrefix };
      [a, b, c] = await Promise.all([
        startAppInstance(shared),
        startAppInstance(shared),
        startAppInstance({ DATABASE_URL: t.url, REDIS_URL: "" }),
      ]);
    }, 300_000);
    afterAll(async () => {
      await Promise.all([a, b, c].map((i) => i?.stop()));
    });

    it("with Redis: a booking through instance B is gone from instance A's very next answer", async () => {
      const type = await eventType();
      const client = new Redis(redis.url);
      try {
        expect(await slotsThrough(a, type)).toContain("10:00");
        // A's answer is in the shared cache, and the second request is served from it.
        const key = slotCacheKey({ ref: { eventTypeId: type.id }, startDate: day, endDate: day, timeZone: "UTC" });
        expect(await client.exists(`${keyPrefix}entry:${key}`)).toBe(1);
        expect(await slotsThrough(a, type)).toContain("10:00");

        await bookThrough(b, type, "10:00", 1);
        const bookedAt = Date.now();
        const fresh = await slotsThrough(a, type);
        expect(fresh).not.toContain("10:00");
        expect(Date.now() - bookedAt).toBeLessThan(1000);
        expect(fresh).toEqual(times(await getSlots(t.db, { ref: { eventTypeId: type.id }, startDate: day, endDate: day, timeZone: "UTC" })));

        // And the other way round, with B's answer cached this time.
        expect(await slotsThrough(b, type)).toContain("14:00");
        await bookThrough(a, type, "14:00", 2);
        expect(await slotsThrough(b, type)).not.toContain("14:00");
      } finally {
        client.disconnect();
      }
      for (const instance of [a, b]) expect(instance.output()).not.toMatch(/Slot cache: Redis .* is unavailable/);
    });

    it("control, an instance without Redis caches alone: it keeps offering what was booked through another", async () => {
      const type = await eventType();
      expect(await slotsThrough(c, type)).toContain("11:00");
      await bookThrough(b, type, "11:00", 3);
      expect(await slotsThrough(a, type)).not.toContain("11:00");
      expect(await slotsThrough(c, type)).toContain("11:00"); // stale: why REDIS_URL exists
    });
  });

  describe("Slot cache while Redis is unreachable", () => {
    afterEach(() => {
      vi.restoreAllMocks();
      setSlotCacheStore(undefined);
    });

    it("slots still answer, right, with one log line; after Redis is back nothing stale is served", async () => {
      const proxy = await startTcpProxy(redis.url);
      const store = new RedisSlotCacheStore({ url: proxy.url, keyPrefix: `${redis.keyPrefix}down:` });
      setSlotCacheStore(store);
      try {
        await store.ready();
        const type = await eventType();
        const input = { ref: { eventTypeId: type.id }, startDate: day, endDate: day, timeZone: "UTC" };
        expect(times(await getCachedSlots(t.db, input))).toContain("12:00");
        const errors = vi.spyOn(console, "error").mockImplementation(() => {});

        await proxy.cut();
        // A booking while Redis is away: its invalidation cannot be recorded.
        await createBooking(t.db, { eventTypeId: type.id, start: utc(day, "12:00"), attendee: testAttendee(4) });
        for (let i = 0; i < 20; i++) expect(times(await getCachedSlots(t.db, input))).not.toContain("12:00");
        expect(errors).toHaveBeenCalledTimes(1);
        expect(String(errors.mock.calls[0][0])).toMatch(/Slot cache: Redis at 127\.0\.0\.1:\d+ is unavailable/);

        await proxy.restore();
        await store.ready();
        expect(times(await getCachedSlots(t.db, input))).not.toContain("12:00");
        expect(errors).toHaveBeenCalledTimes(2); // "…is back"
      } finally {
        await store.close();
        await proxy.close();
      }
    });
  });
}
