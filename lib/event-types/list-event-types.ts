import type { DbClient } from "../db/client";
import type { EventTypeDto } from "./event-type-schema";
import { toEventTypeDto } from "./to-event-type-dto";

/** The user's event types, oldest first (the order they were created in). */
export async function listEventTypes(db: DbClient, userId: string): Promise<EventTypeDto[]> {
  const rows = await db.eventType.findMany({ where: { userId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map(toEventTypeDto);
}
