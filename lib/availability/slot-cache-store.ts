/**
 * Where computed slots are kept between requests: the contract of a slot cache
 * store. The in-memory store (memory-slot-cache-store.ts) is the default; a
 * shared store (Redis, issue 5) implements the same four methods so several
 * app instances see one cache and one stream of invalidations.
 *
 * Correctness rests on invalidation, not on expiry: every write that changes
 * what a host offers (bookings, schedules, out-of-office, event types, the
 * profile, later external calendars) calls invalidateHost(hostId) AFTER it
 * commits. Expiry (TTL) is only a safety net for a write that forgot to.
 *
 * The race invalidation alone does not close: a computation reads the database,
 * a booking commits and invalidates, and only then does the computation store
 * what it read — stale, after the invalidation that should have removed it.
 * So every store keeps an invalidation clock:
 * - `ticket()` reads the clock; callers take it BEFORE reading anything the
 *   answer depends on;
 * - `invalidateHost(h)` advances the clock and records the new value as h's
 *   generation (the clock value of its latest invalidation);
 * - `set(key, entry, ticket)` stores only if entry.hostId's generation is not
 *   newer than the ticket, i.e. no invalidation of that host happened since
 *   the computation began. Check and write are one atomic step.
 * One clock shared by all hosts (rather than a counter per host) lets the
 * ticket be taken before the host is known: a request names an event type by
 * slug, and its host comes from the same query that reads its rules.
 *
 * A Redis store maps this one to one: ticket = GET clock; invalidateHost =
 * INCR clock, SET gen:{host}, DEL the host's keys (a set per host), PUBLISH
 * the host id for instances that keep a local copy; set = a Lua script that
 * compares gen:{host} with the ticket and writes (with PX ttl, SADD to the
 * host's key set) only when it is not newer.
 */
import type { SlotsResponse } from "./get-slots";

/** A value of the invalidation clock. */
export type SlotCacheTicket = number;

export interface CachedSlots {
  /** The host whose bookings and rules the slots were computed from. */
  hostId: string;
  /** The answer as computed; stores keep it as is and hand it out read-only. */
  response: SlotsResponse;
  /** The `now` it was computed for (epoch ms). */
  computedAt: number;
  /**
   * The event type's minimum notice then (ms). Slots starting before
   * now + notice are not offered; a reader drops those that have become too
   * soon since computedAt, so time passing needs no recomputation.
   */
  minimumNoticeMs: number;
}

export interface SlotCacheStore {
  /** The invalidation clock now. Take it before reading the inputs of a computation you mean to store. */
  ticket(): Promise<SlotCacheTicket>;
  /** The live entry under `key`, if any (expired entries are never returned). */
  get(key: string): Promise<CachedSlots | undefined>;
  /**
   * Stores `entry` unless its host was invalidated after `ticket` was taken
   * (then the entry may be stale and is dropped). Returns whether it was stored.
   */
  set(key: string, entry: CachedSlots, ticket: SlotCacheTicket): Promise<boolean>;
  /**
   * Drops every entry of the host and refuses to store any computation that
   * began before this call. In a shared store, on every instance.
   */
  invalidateHost(hostId: string): Promise<void>;
  /** Releases connections and timers, if the store holds any. */
  close?(): Promise<void>;
}
