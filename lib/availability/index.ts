/** The availability engine (pure) and its database edge. */
export type { AvailabilityRules, BookingLimits, BookingWindow, DateRange, Interval, PeriodLimit, SlotPolicy, SlotQuery, StartAlignment } from "./types";
export { START_ALIGNMENTS } from "./types";
export { bookingWindowBounds } from "./booking-window";
export { limitClosedStarts } from "./booking-limits";
export { mergeIntervals, subtractIntervals, intersectIntervals } from "./intervals";
export { openHours, openDays, type OpenDay } from "./open-hours";
export { computeSlots } from "./compute-slots";
export { isSlotOffered } from "./is-slot-offered";
export { groupSlotsByDay, type SlotDto, type SlotsByDay } from "./group-slots-by-day";
export { loadSlotContext, type SlotContext, type SlotContextRef, type SlotContextOptions, type SlotHost } from "./load-slot-context";
export { getSlots, MAX_SLOT_RANGE_DAYS, type GetSlotsInput, type SlotsResponse } from "./get-slots";
export { slotsQuerySchema, type SlotsQuery } from "./slots-query-schema";
export { getCachedSlots, slotCacheKey } from "./cached-get-slots";
export { invalidateHost, slotCacheStore, setSlotCacheStore } from "./slot-cache";
export { MemorySlotCacheStore, type MemorySlotCacheOptions } from "./memory-slot-cache-store";
export { RedisSlotCacheStore, type RedisSlotCacheOptions } from "./redis-slot-cache-store";
export type { SlotCacheStore, CachedSlots, SlotCacheTicket } from "./slot-cache-store";
export { unionAvailability, intersectAvailability, availableToAtLeast, unionSlots, intersectSlots } from "./combine-availability";
