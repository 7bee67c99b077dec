import type { DbClient } from "../db/client";
import { notFound } from "../errors";
import type { EventTypeDto } from "./event-type-schema";
import { toEventTypeDto } from "./to-event-type-dto";

/** One of the user's event types; another user's is "not found", never "forbidden". */
export async function getEventType(db: DbClient, userId: string, id: string): Promise<EventTypeDto> {
  const row = await db.eventType.findFirst({ where: { id, userId } });
  if (!row) throw notFound("Event type");
  return toEventTypeDto(row);
}
