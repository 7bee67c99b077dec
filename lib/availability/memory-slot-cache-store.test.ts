import { describe, expect, it } from "vitest";
import { MemorySlotCacheStore } from "./memory-slot-cache-store";
import type { CachedSlots } from "./slot-cache-store";

/** An entry with `slots` slots on one day. */
function entry(hostId: string, slots = 1): CachedSlots {
  const day = Array.from({ length: slots }, (_, i) => ({ start: `2026-06-01T09:${String(i % 60).padStart(2, "0")}:00.000Z`, end: "x" }));
  return { hostId, response: { timeZone: "UTC", durationMinutes: 30, slots: slots > 0 ? { "2026-06-01": day } : {}, fullyBooked: [] }, computedAt: 0, minimumNoticeMs: 0 };
}

describe("MemorySlotCacheStore", () => {
  it("misses, then hits what was set", async () => {
    const store = new MemorySlotCacheStore();
    expect(await store.get("k")).toBeUndefined();
    const e = entry("h1");
    expect(await store.set("k", e, await store.ticket())).toBe(true);
    expect(await store.get("k")).toBe(e);
    expect(await store.get("other")).toBeUndefined();
  });

  it("expires entries after the TTL", async () => {
    let now = 1_000;
    const store = new MemorySlotCacheStore({ ttlMs: 60_000, clock: () => now });
    await store.set("k", entry("h1"), await store.ticket());
    now += 59_999;
    expect(await store.get("k")).toBeDefined();
    now += 1;
    expect(await store.get("k")).toBeUndefined();
    expect(store.size).toBe(0);
    expect(store.slotsHeld).toBe(0);
  });

  it("invalidateHost drops that host's entries only", async () => {
    const store = new MemorySlotCacheStore();
    const t = await store.ticket();
    await store.set("a1", entry("a"), t);
    await store.set("a2", entry("a"), t);
    await store.set("b1", entry("b"), t);
    await store.invalidateHost("a");
    expect(await store.get("a1")).toBeUndefined();
    expect(await store.get("a2")).toBeUndefined();
    expect(await store.get("b1")).toBeDefined();
    // Invalidating a host with nothing cached is fine.
    await store.invalidateHost("nobody");
    expect(await store.get("b1")).toBeDefined();
  });

  it("refuses to store a computation that began before its host was invalidated", async () => {
    const store = new MemorySlotCacheStore();
    const before = await store.ticket();
    await store.invalidateHost("a");
    // Began before the invalidation: it may have read the old bookings.
    expect(await store.set("a1", entry("a"), before)).toBe(false);
    expect(await store.get("a1")).toBeUndefined();
    // Other hosts are unaffected by a's invalidation.
    expect(await store.set("b1", entry("b"), before)).toBe(true);
    // Began after: fine.
    const after = await store.ticket();
    expect(await store.set("a1", entry("a"), after)).toBe(true);
    expect(await store.get("a1")).toBeDefined();
  });

  it("refuses conservatively once a host's generation has been forgotten", async () => {
    const store = new MemorySlotCacheStore({ maxTrackedHosts: 2 });
    const before = await store.ticket();
    await store.invalidateHost("a");
    await store.invalidateHost("b");
    await store.invalidateHost("c"); // forgets a
    // a's own generation is gone, but the floor still knows a was invalidated after `before`.
    expect(await store.set("a1", entry("a"), before)).toBe(false);
    // Hosts never invalidated also fall under the floor: refused, never stale.
    expect(await store.set("z1", entry("z"), before)).toBe(false);
    expect(await store.set("z1", entry("z"), await store.ticket())).toBe(true);
  });

  it("evicts the least recently used entry beyond maxEntries", async () => {
    const store = new MemorySlotCacheStore({ maxEntries: 3 });
    const t = await store.ticket();
    for (const k of ["k1", "k2", "k3"]) await store.set(k, entry("h"), t);
    await store.get("k1"); // k2 is now the least recently used
    await store.set("k4", entry("h"), t);
    expect(store.size).toBe(3);
    expect(await store.get("k2")).toBeUndefined();
    for (const k of ["k1", "k3", "k4"]) expect(await store.get(k)).toBeDefined();
  });

  it("bounds the slots held, and refuses an entry larger than the whole budget", async () => {
    const store = new MemorySlotCacheStore({ maxSlots: 100 });
    const t = await store.ticket();
    await store.set("a", entry("h", 40), t); // weight 41
    await store.set("b", entry("h", 40), t); // 82
    await store.set("c", entry("h", 40), t); // 123 > 100 → a goes
    expect(await store.get("a")).toBeUndefined();
    expect(store.slotsHeld).toBe(82);
    expect(await store.set("huge", entry("h", 100), t)).toBe(false);
    expect(store.slotsHeld).toBe(82);
    // Replacing an entry releases the old one's weight.
    await store.set("b", entry("h", 1), t);
    expect(store.slotsHeld).toBe(43);
  });

  it("keeps the host index right when an entry is replaced under another host", async () => {
    const store = new MemorySlotCacheStore();
    const t = await store.ticket();
    await store.set("k", entry("a"), t);
    await store.set("k", entry("b"), t);
    await store.invalidateHost("a");
    expect(await store.get("k")).toMatchObject({ hostId: "b" });
    await store.invalidateHost("b");
    expect(await store.get("k")).toBeUndefined();
  });
});
