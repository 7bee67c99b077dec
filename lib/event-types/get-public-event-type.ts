import type { DbClient } from "../db/client";
import { notFound } from "../errors";
import type { EventTypeDto } from "./event-type-schema";
import { toEventTypeDto } from "./to-event-type-dto";

export interface PublicEventType {
  host: { name: string; username: string };
  eventType: EventTypeDto;
}

/**
 * The event type behind a booking link /{username}/{slug}, with its host.
 * Hidden types load too: "hidden" keeps them off the host's profile page, not
 * away from people who were given the link. The DTO includes the location
 * value; pages must not pass it to the browser before a booking exists.
 */
export async function getPublicEventType(db: DbClient, username: string, slug: string): Promise<PublicEventType> {
  const row = await db.eventType.findFirst({
    where: { slug: slug.trim().toLowerCase(), user: { username: username.trim().toLowerCase() } },
    include: { user: { select: { name: true, username: true } } },
  });
  if (!row) throw notFound("Event type");
  const { user, ...eventType } = row;
  return { host: { name: user.name, username: user.username }, eventType: toEventTypeDto(eventType) };
}
