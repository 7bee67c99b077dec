/**
 * The process's slot cache store and the invalidation API every write path
 * calls: `invalidateHost(hostId)` after a change to what the host offers has
 * committed (bookings, schedules, out-of-office, event types, the profile;
 * calendar sync and webhooks later).
 *
 * The store lives on globalThis, like the Prisma client: Next.js may bundle
 * this module into several route chunks, and a booking route must invalidate
 * the very cache the slots route reads.
 */
import { config } from "../config";
import { MemorySlotCacheStore } from "./memory-slot-cache-store";
import { RedisSlotCacheStore } from "./redis-slot-cache-store";
import type { SlotCacheStore } from "./slot-cache-store";

const holder = globalThis as unknown as { kairosSlotCache?: { store: SlotCacheStore | null } };

/**
 * The store in use, created from config on first use: Redis when REDIS_URL is
 * set (one cache shared by every instance), else this process's memory; null
 * when the cache is off (SLOT_CACHE_TTL_SECONDS=0).
 */
export function slotCacheStore(): SlotCacheStore | null {
  if (!holder.kairosSlotCache) {
    const { slotCache, redisUrl } = config();
    const { ttlMs, maxEntries } = slotCache;
    const store = ttlMs <= 0 ? null : redisUrl ? new RedisSlotCacheStore({ url: redisUrl, ttlMs }) : new MemorySlotCacheStore({ ttlMs, maxEntries });
    holder.kairosSlotCache = { store };
  }
  return holder.kairosSlotCache.store;
}

/**
 * Puts `store` in place (a shared store at start-up, a fresh one in tests);
 * null turns the cache off, undefined goes back to the configured default.
 */
export function setSlotCacheStore(store: SlotCacheStore | null | undefined): void {
  holder.kairosSlotCache = store === undefined ? undefined : { store };
}

/**
 * Forgets the host's cached slots and makes sure no computation that began
 * before this call stores its result. Call it after the change committed: a
 * reader that starts between the call and the commit would otherwise cache the
 * old state again. Never throws — the change it follows has happened, and a
 * failing shared store must not turn a made booking into an error; the TTL
 * then bounds how long old slots can show.
 */
export async function invalidateHost(hostId: string): Promise<void> {
  // Teams (not built yet) are the seam here: a team's combined slots will be
  // cached under an id of the team's own, so this must then also invalidate
  // the id of every team the host belongs to — looked up here, in one query,
  // with the host's own invalidation below.
  try {
    await slotCacheStore()?.invalidateHost(hostId);
  } catch (error) {
    console.error(`Slot cache: could not invalidate host ${hostId}; cached slots may show for up to the TTL.`, error);
  }
}
