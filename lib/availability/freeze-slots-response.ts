import type { SlotsResponse } from "./get-slots";

/**
 * Makes a cached answer read-only, days and slots included: one object is
 * handed to every later reader, so nobody may change it.
 */
export function freezeSlotsResponse(response: SlotsResponse): SlotsResponse {
  for (const day of Object.values(response.slots)) {
    for (const slot of day) Object.freeze(slot);
    Object.freeze(day);
  }
  Object.freeze(response.slots);
  Object.freeze(response.fullyBooked);
  return Object.freeze(response);
}
