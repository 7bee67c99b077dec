import { describe, expect, it } from "vitest";
import { describeSlotCacheStore, testCacheEntry as entry } from "./describe-slot-cache-store";
import { MemorySlotCacheStore } from "./memory-slot-cache-store";

describeSlotCacheStore("MemorySlotCacheStore", async ({ ttlMs }) => new MemorySlotCacheStore({ ttlMs, maxEntries: 10_000 }));

describe("MemorySlotCacheStore: memory bounds", () => {
  it("hands out the very object it was given", async () => {
    const store = new MemorySlotCacheStore();
    const e = entry("h1");
    await store.set("k", e, await store.ticket());
    expect(await store.get("k")).toBe(e);
  });

  it("expires entries after the TTL, to the millisecond, and releases their weight", async () => {
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
});
