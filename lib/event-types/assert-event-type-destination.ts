import type { DbClient } from "../db/client";
import { validationError } from "../errors";
import { conferenceDestinationProblem } from "./conference-destination-problem";
import type { LocationType } from "./event-type-schema";

/**
 * An event type's destination calendar must be a writable calendar of its
 * host (400 on `destinationCalendarId` otherwise), and a Meet / Teams location
 * needs the effective destination — that calendar, else the host's own
 * destination — to be of the provider that makes the link (400 on
 * `location.type`). Called with the values as they will be after the write.
 */
export async function assertEventTypeDestination(
  db: DbClient,
  userId: string,
  eventType: { locationType: LocationType; destinationCalendarId: string | null },
): Promise<void> {
  const select = { name: true, canWrite: true, connection: { select: { provider: true } } } as const;
  const own = eventType.destinationCalendarId
    ? await db.connectedCalendar.findFirst({ where: { id: eventType.destinationCalendarId, userId }, select })
    : null;
  if (eventType.destinationCalendarId && !own) {
    throw validationError("Some of the input is not valid.", [
      { path: "destinationCalendarId", message: "No such calendar. Pick one of your connected calendars, or null for your default." },
    ]);
  }
  if (own && !own.canWrite) {
    throw validationError("Some of the input is not valid.", [
      { path: "destinationCalendarId", message: `“${own.name}” is read-only for Kairos, so bookings cannot be added to it.` },
    ]);
  }
  const destination = own ?? (await db.connectedCalendar.findFirst({ where: { userId, isDestination: true }, select }));
  const problem = conferenceDestinationProblem(
    eventType.locationType,
    destination ? { name: destination.name, provider: destination.connection.provider } : null,
  );
  if (problem) throw validationError(problem, [{ path: "location.type", message: problem }]);
}
