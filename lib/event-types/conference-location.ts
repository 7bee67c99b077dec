import type { LocationType } from "./event-type-schema";

/**
 * Locations whose link the host's calendar provider makes, one per booking,
 * when the booking is written to the destination calendar (Google Meet on a
 * Google calendar, Teams on a Microsoft 365 one). They carry no value.
 */
export const CONFERENCE_LOCATION_TYPES = ["google_meet", "microsoft_teams"] as const satisfies readonly LocationType[];
export type ConferenceLocationType = (typeof CONFERENCE_LOCATION_TYPES)[number];

export function isConferenceLocation(type: LocationType): type is ConferenceLocationType {
  return (CONFERENCE_LOCATION_TYPES as readonly string[]).includes(type);
}
