import { CONFERENCE_PROVIDER, PROVIDER_NAME } from "../calendars/assert-writable-calendar";
import type { ProviderKind } from "../calendars/provider";
import { isConferenceLocation } from "./conference-location";
import type { LocationType } from "./event-type-schema";

/**
 * Why a location cannot work with the calendar bookings are written to, or
 * null when it can. A Meet link is made by a Google calendar and a Teams link
 * by a Microsoft 365 one, so a conference location needs a destination of that
 * provider. Checked when the event type is saved and again when each booking
 * is written (the host may have changed calendars since).
 */
export function conferenceDestinationProblem(
  locationType: LocationType,
  destination: { name: string; provider: ProviderKind } | null,
): string | null {
  if (!isConferenceLocation(locationType)) return null;
  const { provider, name } = CONFERENCE_PROVIDER[locationType];
  const needed = `${name} links are made by ${PROVIDER_NAME[provider]} calendar`;
  if (!destination) {
    return `${needed}, and there is no destination calendar for bookings. Connect that account in Settings → Calendars and choose one of its calendars as the destination.`;
  }
  if (destination.provider === provider) return null;
  return `${needed}, but bookings go to “${destination.name}”, ${PROVIDER_NAME[destination.provider]} calendar. Choose ${PROVIDER_NAME[provider]} calendar as the destination, or another location.`;
}
