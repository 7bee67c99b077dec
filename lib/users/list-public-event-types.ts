import type { DbClient } from "../db/client";
import type { LocationType } from "../event-types/event-type-schema";
import { notFound } from "../errors";
import { durationOptionsOf } from "../event-types/duration-options";

/**
 * What anyone may see of an event type on a host's public page. The location
 * value (meeting link, phone number, address) is left out on purpose: guests
 * receive it with their booking, not before.
 */
export interface PublicEventTypeDto {
  id: string;
  slug: string;
  title: string;
  description: string;
  durationMinutes: number;
  /** Every length a guest may pick (sorted, includes the default). */
  durationOptions: number[];
  locationType: LocationType;
}

export interface PublicProfileDto {
  host: { name: string; username: string; timeZone: string };
  eventTypes: PublicEventTypeDto[];
}

/** A host's public profile: who they are and their visible (not hidden) event types. */
export async function listPublicEventTypes(db: DbClient, username: string): Promise<PublicProfileDto> {
  const user = await db.user.findUnique({
    where: { username: username.trim().toLowerCase() },
    select: {
      name: true,
      username: true,
      timeZone: true,
      eventTypes: {
        where: { hidden: false },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { id: true, slug: true, title: true, description: true, durationMinutes: true, durationOptions: true, locationType: true },
      },
    },
  });
  if (!user) throw notFound("User");
  const { eventTypes, ...host } = user;
  return { host, eventTypes: eventTypes.map((e) => ({ ...e, durationOptions: durationOptionsOf(e) })) };
}
