import type { DbClient } from "../db/client";
import { CONNECTION_SELECT, toConnectionDto, type ConnectionDto } from "./connection-dto";

/** The host's connected accounts with their calendars, oldest first (the order they were connected). */
export async function listConnections(db: DbClient, userId: string): Promise<ConnectionDto[]> {
  const rows = await db.calendarConnection.findMany({
    where: { userId },
    select: CONNECTION_SELECT,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map(toConnectionDto);
}
