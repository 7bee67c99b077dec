/** The availability engine (pure) and its database edge. */
export type { AvailabilityRules, Interval, SlotPolicy, SlotQuery } from "./types";
export { mergeIntervals, subtractIntervals, intersectIntervals } from "./intervals";
export { openHours, openDays, type OpenDay } from "./open-hours";
export { computeSlots } from "./compute-slots";
export { isSlotOffered } from "./is-slot-offered";
export { groupSlotsByDay, type SlotDto, type SlotsByDay } from "./group-slots-by-day";
export { loadSlotContext, type SlotContext, type SlotContextRef, type SlotContextOptions, type SlotHost } from "./load-slot-context";
export { getSlots, MAX_SLOT_RANGE_DAYS, type GetSlotsInput, type SlotsResponse } from "./get-slots";
export { slotsQuerySchema, type SlotsQuery } from "./slots-query-schema";
