/**
 * The SlotCacheStore contract (slot-cache-store.ts) as one test suite, run
 * against every store: memory-slot-cache-store.test.ts and
 * redis-slot-cache-store.test.ts call describeSlotCacheStore with a factory.
 * What only one store has (LRU and size bounds in memory; connections and
 * outages in Redis) is tested beside that store.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { CachedSlots, SlotCacheStore } from "./slot-cache-store";

export interface SlotCacheStoreFactoryOptions {
  ttlMs: number;
}

/** Makes a fresh, empty store (closed by the suite after each test). */
export type SlotCacheStoreFactory = (options: SlotCacheStoreFactoryOptions) => Promise<SlotCacheStore>;

/** An entry of `hostId` with `slots` slots on one day; `tag` makes entries tell apart. */
export function testCacheEntry(hostId: string, slots = 1, tag = 0): CachedSlots {
  const day = Array.from({ length: slots }, (_, i) => ({ start: `2026-06-01T09:${String(i % 60).padStart(2, "0")}:00.000Z`, end: `tag-${tag}` }));
  return {
    hostId,
    response: { timeZone: "UTC", durationMinutes: 30, slots: slots > 0 ? { "2026-06-01": day } : {}, fullyBooked: [] },
    computedAt: tag,
    minimumNoticeMs: 0,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function describeSlotCacheStore(name: string, makeStore: SlotCacheStoreFactory): void {
  describe(`${name}: the SlotCacheStore contract`, () => {
    const open: SlotCacheStore[] = [];
    const store = async (options: Partial<SlotCacheStoreFactoryOptions> = {}) => {
      const s = await makeStore({ ttlMs: 60_000, ...options });
      open.push(s);
      return s;
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((s) => s.close?.()));
    });

    it("misses, then hits what was set", async () => {
      const s = await store();
      expect(await s.get("k")).toBeUndefined();
      const e = testCacheEntry("h1", 3);
      expect(await s.set("k", e, await s.ticket())).toBe(true);
      expect(await s.get("k")).toEqual(e);
      expect(await s.get("other")).toBeUndefined();
    });

    it("replaces an entry set again under the same key", async () => {
      const s = await store();
      await s.set("k", testCacheEntry("h1", 1, 1), await s.ticket());
      await s.set("k", testCacheEntry("h1", 2, 2), await s.ticket());
      expect(await s.get("k")).toEqual(testCacheEntry("h1", 2, 2));
    });

    it("expires entries after the TTL", async () => {
      const s = await store({ ttlMs: 300 });
      await s.set("k", testCacheEntry("h1"), await s.ticket());
      expect(await s.get("k")).toBeDefined();
      await sleep(400);
      expect(await s.get("k")).toBeUndefined();
    });

    it("invalidateHost drops that host's entries only", async () => {
      const s = await store();
      const t = await s.ticket();
      await s.set("a1", testCacheEntry("a"), t);
      await s.set("a2", testCacheEntry("a"), t);
      await s.set("b1", testCacheEntry("b"), t);
      await s.invalidateHost("a");
      expect(await s.get("a1")).toBeUndefined();
      expect(await s.get("a2")).toBeUndefined();
      expect(await s.get("b1")).toBeDefined();
      // Invalidating a host with nothing cached is fine.
      await s.invalidateHost("nobody");
      expect(await s.get("b1")).toBeDefined();
    });

    it("invalidateHost drops every entry of a host that has thousands", async () => {
      const s = await store();
      const t = await s.ticket();
      for (let i = 0; i < 2500; i++) await s.set(`k${i}`, testCacheEntry("busy", 1, i), t);
      expect(await s.get("k2499")).toBeDefined();
      await s.invalidateHost("busy");
      for (const i of [0, 999, 1000, 1999, 2000, 2499]) expect(await s.get(`k${i}`)).toBeUndefined();
    });

    it("refuses to store a computation that began before its host was invalidated", async () => {
      const s = await store();
      const before = await s.ticket();
      await s.invalidateHost("a");
      // Began before the invalidation: it may have read the old bookings.
      expect(await s.set("a1", testCacheEntry("a"), before)).toBe(false);
      expect(await s.get("a1")).toBeUndefined();
      // Other hosts are unaffected by a's invalidation.
      expect(await s.set("b1", testCacheEntry("b"), before)).toBe(true);
      // Began after: fine.
      const after = await s.ticket();
      expect(await s.set("a1", testCacheEntry("a"), after)).toBe(true);
      expect(await s.get("a1")).toBeDefined();
    });

    it("keeps the host index right when an entry is replaced under another host", async () => {
      const s = await store();
      const t = await s.ticket();
      await s.set("k", testCacheEntry("a"), t);
      await s.set("k", testCacheEntry("b"), t);
      await s.invalidateHost("a");
      expect(await s.get("k")).toMatchObject({ hostId: "b" });
      await s.invalidateHost("b");
      expect(await s.get("k")).toBeUndefined();
    });

    it("under concurrent computations and invalidations, never keeps an answer begun before its host's latest invalidation", async () => {
      const s = await store();
      const hosts = ["a", "b", "c"];
      // Logical time: each event takes the next number when it happens.
      let now = 0;
      const invalidationsCalledAt: Record<string, number[]> = { a: [], b: [], c: [] };
      const computations: { key: string; host: string; tag: number; ticketAt: number }[] = [];
      let seed = 7;
      const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

      const compute = async (i: number) => {
        const host = hosts[i % 3];
        const key = `${host}-${i}`;
        // Spread past the last invalidation, so some answers may stay.
        await sleep(random() * 80);
        const ticket = await s.ticket();
        const ticketAt = ++now;
        await sleep(random() * 20); // reading the database
        computations.push({ key, host, tag: i, ticketAt });
        await s.set(key, testCacheEntry(host, 1, i), ticket);
      };
      const invalidate = async (i: number) => {
        const host = hosts[i % 3];
        await sleep(random() * 40);
        invalidationsCalledAt[host].push(++now);
        await s.invalidateHost(host);
      };
      await Promise.all([...Array.from({ length: 120 }, (_, i) => compute(i)), ...Array.from({ length: 30 }, (_, i) => invalidate(i))]);

      let visible = 0;
      let begunBeforeLatest = 0;
      for (const { key, host, tag, ticketAt } of computations) {
        const latest = Math.max(0, ...invalidationsCalledAt[host]);
        if (ticketAt < latest) begunBeforeLatest++;
        const cached = await s.get(key);
        if (cached?.computedAt !== tag) continue;
        visible++;
        // Visible now, so it must have begun after the host's latest invalidation was called.
        expect(ticketAt, `${key} from computation ${tag}`).toBeGreaterThan(latest);
      }
      // The schedule really raced: some answers stayed, many began too early.
      expect(visible).toBeGreaterThan(0);
      expect(begunBeforeLatest).toBeGreaterThan(10);
    });
  });
}
