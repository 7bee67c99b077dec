/**
 * The child side of test/app-instance.ts: one app instance in a process of its
 * own — the real route handlers of GET /api/v1/slots and POST /api/v1/bookings
 * behind test/route-server.ts, configured by the environment (DATABASE_URL,
 * REDIS_URL, SLOT_CACHE_TTL_SECONDS) like the app, plus
 * KAIROS_TEST_SLOT_CACHE_PREFIX: the Redis key prefix to use instead of the
 * app's. Prints "listening <url>" once the slot cache serves; exits when its
 * parent closes stdin, so a crashed test run leaves no process behind.
 */
import * as bookingsRoute from "../app/api/v1/bookings/route";
import * as slotsRoute from "../app/api/v1/slots/route";
import { RedisSlotCacheStore } from "../lib/availability/redis-slot-cache-store";
import { setSlotCacheStore, slotCacheStore } from "../lib/availability/slot-cache";
import { config } from "../lib/config";
import { startRouteServer } from "./route-server";

async function main(): Promise<void> {
  // On a shared test Redis (TEST_REDIS_URL) the test's own namespace, not the app's.
  const prefix = process.env.KAIROS_TEST_SLOT_CACHE_PREFIX;
  if (prefix && process.env.REDIS_URL) {
    setSlotCacheStore(new RedisSlotCacheStore({ url: process.env.REDIS_URL, ttlMs: config().slotCache.ttlMs, keyPrefix: prefix }));
  }
  // A Redis store connects (and flushes) in the background; until then every request computes without it.
  const store = slotCacheStore();
  if (store instanceof RedisSlotCacheStore) await store.ready(30_000);
  const server = await startRouteServer({ "/api/v1/slots": slotsRoute, "/api/v1/bookings": bookingsRoute });
  console.log(`listening ${server.url}`);
}

void main();
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
