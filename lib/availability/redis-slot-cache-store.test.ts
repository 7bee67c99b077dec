/**
 * The Redis slot cache store against a real Redis (test/redis.ts: a throwaway
 * redis-server, or TEST_REDIS_URL): the shared contract, several stores on
 * one Redis (as several app instances), and what happens while Redis is
 * unreachable, hung or restarted. Skipped, with a message, where there is no Redis.
 */
import Redis from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { REDIS_MISSING_MESSAGE, redisAvailable, startTcpProxy, startTestRedis, type TcpProxy, type TestRedis } from "@/test/redis";
import { describeSlotCacheStore, testCacheEntry as entry } from "./describe-slot-cache-store";
import { RedisSlotCacheStore, type RedisSlotCacheOptions } from "./redis-slot-cache-store";

if (!redisAvailable()) {
  // Said in the output too: a skipped test's name is easy to miss.
  console.warn(REDIS_MISSING_MESSAGE);
  it.skip(`RedisSlotCacheStore: ${REDIS_MISSING_MESSAGE}`, () => {});
} else {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  /** A namespace of this test's own: stores sharing it see one cache (one deployment). */
  const newPrefix = () => `${redis.keyPrefix}${Math.random().toString(36).slice(2, 10)}:`;

  const opened: RedisSlotCacheStore[] = [];
  /** A connected, flushed store; `url` defaults to the test Redis. */
  async function openStore(options: Partial<RedisSlotCacheOptions> & { keyPrefix: string }): Promise<RedisSlotCacheStore> {
    const store = new RedisSlotCacheStore({ url: redis.url, ...options });
    opened.push(store);
    await store.ready();
    return store;
  }
  afterEach(async () => {
    vi.restoreAllMocks();
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });

  describeSlotCacheStore("RedisSlotCacheStore", async ({ ttlMs }) => {
    const store = new RedisSlotCacheStore({ url: redis.url, ttlMs, keyPrefix: newPrefix() });
    await store.ready();
    return store;
  });

  /** console.error calls that are the store's outage/recovery lines. */
  function outageLog() {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    return {
      down: () => spy.mock.calls.filter(([m]) => String(m).includes("is unavailable")).length,
      back: () => spy.mock.calls.filter(([m]) => String(m).includes("is back;")).length,
      all: () => spy.mock.calls.map(([m]) => String(m)),
    };
  }

  const waitFor = async (condition: () => boolean, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error("condition not met in time");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  describe("RedisSlotCacheStore: several instances on one Redis", () => {
    it("what one instance caches, another reads; what one invalidates, no instance serves", async () => {
      const keyPrefix = newPrefix();
      const a = await openStore({ keyPrefix });
      const b = await openStore({ keyPrefix });
      expect(await a.set("k", entry("h", 2), await a.ticket())).toBe(true);
      expect(await b.get("k")).toEqual(entry("h", 2));
      await b.invalidateHost("h");
      expect(await a.get("k")).toBeUndefined();
      expect(await b.get("k")).toBeUndefined();
    });

    it("refuses an answer whose computation began on one instance before another invalidated its host", async () => {
      const keyPrefix = newPrefix();
      const a = await openStore({ keyPrefix });
      const b = await openStore({ keyPrefix });
      const ticket = await a.ticket();
      await b.invalidateHost("h");
      expect(await a.set("k", entry("h"), ticket)).toBe(false);
      expect(await b.get("k")).toBeUndefined();
      expect(await a.set("k", entry("h"), await a.ticket())).toBe(true);
    });

    it("hands out a read-only copy, stored with the entry's TTL", async () => {
      const keyPrefix = newPrefix();
      const store = await openStore({ keyPrefix, ttlMs: 45_000 });
      await store.set("k", entry("h", 2), await store.ticket());
      const got = (await store.get("k"))!;
      expect(() => got.response.slots["2026-06-01"].pop()).toThrow(TypeError);
      expect(Object.isFrozen(got.response.slots["2026-06-01"][0])).toBe(true);
      const client = new Redis(redis.url);
      try {
        const ttl = await client.pttl(`${keyPrefix}entry:k`);
        expect(ttl).toBeGreaterThan(44_000);
        expect(ttl).toBeLessThanOrEqual(45_000);
      } finally {
        client.disconnect();
      }
    });

    it("does not serve an entry its host's invalidation failed to find (its key set was evicted)", async () => {
      const keyPrefix = newPrefix();
      const store = await openStore({ keyPrefix });
      await store.set("k", entry("h"), await store.ticket());
      const client = new Redis(redis.url);
      try {
        await client.del(`${keyPrefix}keys:h`);
        await store.invalidateHost("h");
        expect(await client.exists(`${keyPrefix}entry:k`)).toBe(1); // still there…
      } finally {
        client.disconnect();
      }
      expect(await store.get("k")).toBeUndefined(); // …but never served
    });

    it("keeps stores of different prefixes apart", async () => {
      const a = await openStore({ keyPrefix: newPrefix() });
      const b = await openStore({ keyPrefix: newPrefix() });
      await a.set("k", entry("h"), await a.ticket());
      expect(await b.get("k")).toBeUndefined();
      await b.invalidateHost("h");
      expect(await a.get("k")).toBeDefined();
    });

    it("a store that connects drops what was cached before it (a restart may have brought back old data)", async () => {
      const keyPrefix = newPrefix();
      const a = await openStore({ keyPrefix });
      await a.set("k", entry("h"), await a.ticket());
      const ticket = await a.ticket();
      await openStore({ keyPrefix });
      expect(await a.get("k")).toBeUndefined();
      // …and a computation begun before refuses to land.
      expect(await a.set("k", entry("h"), ticket)).toBe(false);
      expect(await a.set("k", entry("h"), await a.ticket())).toBe(true);
    });
  });

  describe("RedisSlotCacheStore: Redis unreachable", () => {
    let proxy: TcpProxy | undefined;
    afterEach(async () => {
      await proxy?.close();
      proxy = undefined;
    });

    it("answers at once without the cache, logs once, and never lets an invalidation it missed leave stale slots behind", async () => {
      const keyPrefix = newPrefix();
      proxy = await startTcpProxy(redis.url);
      const a = await openStore({ keyPrefix, url: proxy.url });
      const b = await openStore({ keyPrefix });
      await a.set("k", entry("h"), await a.ticket());
      expect(await b.get("k")).toBeDefined();
      const log = outageLog();

      await proxy.cut();
      await waitFor(() => !a.serving);
      const started = Date.now();
      for (let i = 0; i < 50; i++) {
        expect(await a.get("k")).toBeUndefined();
        expect(await a.set(`k${i}`, entry("h"), await a.ticket())).toBe(false);
      }
      // A booking through the cut-off instance: its invalidation cannot reach Redis…
      await expect(a.invalidateHost("h")).resolves.toBeUndefined();
      expect(Date.now() - started).toBeLessThan(500);
      expect(log.down()).toBe(1);
      // …so the instance still connected serves the old entry, for now.
      expect(await b.get("k")).toBeDefined();

      await proxy.restore();
      await a.ready();
      // Back: the flush stood in for the missed invalidation, for every instance.
      expect(await b.get("k")).toBeUndefined();
      expect(await a.get("k")).toBeUndefined();
      expect(log.down()).toBe(1);
      expect(log.back(), log.all().join("\n")).toBe(1);
      expect(await a.set("k", entry("h"), await a.ticket())).toBe(true);
      expect(await b.get("k")).toBeDefined();
    });

    it("starts without Redis, computes meanwhile, and serves once it answers", async () => {
      const keyPrefix = newPrefix();
      proxy = await startTcpProxy(redis.url);
      await proxy.cut();
      const log = outageLog();
      const store = new RedisSlotCacheStore({ url: proxy.url, keyPrefix });
      opened.push(store);
      await waitFor(() => log.down() === 1);
      expect(await store.ticket()).toBe(-1);
      expect(await store.get("k")).toBeUndefined();
      await proxy.restore();
      await store.ready();
      expect(await store.set("k", entry("h"), await store.ticket())).toBe(true);
      expect(await store.get("k")).toBeDefined();
      expect(log.down()).toBe(1);
    });
  });

  describe("RedisSlotCacheStore: a hung or restarted Redis (throwaway server only)", () => {
    it("does not wait on a hung Redis for longer than the command timeout, and recovers", async (context) => {
      if (!redis.throwaway) context.skip();
      const keyPrefix = newPrefix();
      const store = await openStore({ keyPrefix, commandTimeoutMs: 200 });
      await store.set("k", entry("h"), await store.ticket());
      const log = outageLog();
      const admin = new Redis(redis.url);
      try {
        await admin.client("PAUSE", 1500, "ALL");
        const started = Date.now();
        expect(await store.get("k")).toBeUndefined();
        expect(Date.now() - started).toBeLessThan(400);
        // Meanwhile nothing is sent: answers are immediate.
        const next = Date.now();
        expect(await store.get("k")).toBeUndefined();
        expect(Date.now() - next).toBeLessThan(50);
        await store.ready(5000);
        expect(log.down()).toBe(1);
        expect(log.back()).toBe(1);
        expect(await store.set("k", entry("h"), await store.ticket())).toBe(true);
      } finally {
        admin.disconnect();
      }
    });

    it("after a restart that lost everything, a computation begun before it is not stored", async (context) => {
      if (!redis.throwaway) context.skip();
      const keyPrefix = newPrefix();
      const a = await openStore({ keyPrefix });
      const b = await openStore({ keyPrefix });
      // Tickets handed out before the restart…
      for (let i = 0; i < 5; i++) await b.invalidateHost("h");
      const before = await a.ticket();
      expect(before).toBeGreaterThan(0);
      outageLog();
      await redis.restart();
      await a.ready();
      await b.ready();
      // …stay below the new clock, though the old one is gone.
      const after = await a.ticket();
      expect(after).toBeGreaterThan(before);
      await b.invalidateHost("h");
      expect(await a.set("k", entry("h"), before)).toBe(false);
      expect(await a.set("k", entry("h"), await a.ticket())).toBe(true);
      expect(await b.get("k")).toBeDefined();
    });
  });
}
