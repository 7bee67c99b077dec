/**
 * getSlots behind the slot cache: what GET /api/v1/slots serves.
 *
 * Key: every input of the query except `now` — the event type reference, the
 * window, the guest's zone and anything added later (a chosen duration, …) —
 * so a new input field changes the key without anyone remembering to add it.
 * A reschedule (rescheduleUid) frees one booking's time for one guest: such
 * answers are neither read from nor written to the cache.
 *
 * Time passing: an answer computed at t0 is still right at t > t0 except for
 * slots that have come inside the minimum notice, which are dropped on read
 * (one date parse per day plus a binary search: slots are sorted). The rolling
 * booking window grows with time too, so a cached answer may lack a slot that
 * has just entered its far end — never offering a time the booking path would
 * reject — until the entry is invalidated or expires (TTL, 60 s by default).
 */
import type { DbClient } from "../db/client";
import { MINUTE_MS } from "../time";
import { freezeSlotsResponse } from "./freeze-slots-response";
import { getSlots, getSlotsWithContext, type GetSlotsInput, type SlotsResponse } from "./get-slots";
import type { SlotsByDay } from "./group-slots-by-day";
import { slotCacheStore } from "./slot-cache";
import type { SlotCacheStore } from "./slot-cache-store";

/** The slots of an event type, from the cache when it holds a valid answer. */
export async function getCachedSlots(
  db: DbClient,
  input: GetSlotsInput,
  store: SlotCacheStore | null = slotCacheStore(),
): Promise<SlotsResponse> {
  if (!store || input.rescheduleUid) return getSlots(db, input);
  const now = input.now ?? Date.now();
  const key = slotCacheKey(input);

  const cached = await orUndefined(() => store.get(key));
  // An entry computed for a later `now` may lack slots that are still open
  // at this one (only a caller passing `now` can ask that).
  if (cached && cached.computedAt <= now) return withoutSlotsBefore(cached.response, now + cached.minimumNoticeMs);

  // Before the first read of the database: see slot-cache-store.ts.
  const ticket = await orUndefined(() => store.ticket());
  const { response, context } = await getSlotsWithContext(db, { ...input, now });
  freezeSlotsResponse(response);
  if (ticket !== undefined) {
    const entry = {
      hostId: context.host.id,
      response,
      computedAt: now,
      minimumNoticeMs: context.query.policy.minimumNoticeMinutes * MINUTE_MS,
    };
    await orUndefined(() => store.set(key, entry, ticket));
  }
  return response;
}

/** The cache key of a query: its inputs except `now`, written with sorted keys. */
export function slotCacheKey(input: GetSlotsInput): string {
  const { now: _now, rescheduleUid: _reschedule, ...rest } = input;
  return `slots:v2:${stableJson(rest)}`;
}

/**
 * The answer as it stands at `cutoff` = now + minimum notice: slots starting
 * earlier are gone, days left empty disappear. Unchanged days are shared with
 * the cached answer, so a hit costs O(days), not O(slots).
 */
export function withoutSlotsBefore(response: SlotsResponse, cutoff: number): SlotsResponse {
  const days = Object.keys(response.slots);
  if (days.length === 0 || Date.parse(response.slots[days[0]][0].start) >= cutoff) return response;
  const slots: SlotsByDay = {};
  for (const day of days) {
    const list = response.slots[day];
    if (Date.parse(list[list.length - 1].start) < cutoff) continue;
    if (Date.parse(list[0].start) >= cutoff) {
      slots[day] = list;
      continue;
    }
    // First slot starting at or after the cutoff: list[0] is before it, the last one is not.
    let lo = 0;
    let hi = list.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (Date.parse(list[mid].start) < cutoff) lo = mid;
      else hi = mid;
    }
    slots[day] = list.slice(hi);
  }
  return { ...response, slots };
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

let lastStoreErrorLog = 0;

/**
 * A failing store (a shared one that is unreachable) degrades to computing
 * every answer, never to failing the request; logged at most once a minute.
 */
async function orUndefined<T>(operation: () => Promise<T>): Promise<T | undefined> {
  try {
    return await operation();
  } catch (error) {
    if (Date.now() - lastStoreErrorLog > 60_000) {
      lastStoreErrorLog = Date.now();
      console.error("Slot cache: the store failed; computing slots without it.", error);
    }
    return undefined;
  }
}
