import { computeSlots } from "./compute-slots";
import type { SlotQuery } from "./types";

/**
 * Whether a guest may book a slot starting at `start` (epoch ms). This is
 * computeSlots asked about the one millisecond [start, start + 1): the same
 * code decides what is shown and what is accepted, so they cannot drift apart
 * (computeSlots' grid does not depend on the range asked about).
 */
export function isSlotOffered(q: Omit<SlotQuery, "range">, start: number): boolean {
  if (!Number.isFinite(start)) return false;
  const slots = computeSlots({ ...q, range: { start, end: start + 1 } });
  return slots.length === 1 && slots[0].start === start;
}
