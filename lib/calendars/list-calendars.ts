import type { DbClient } from "../db/client";
import { CALENDAR_SELECT, toCalendarDto, type CalendarDto } from "./connection-dto";

/** Every calendar of every connected account of the host, grouped by account in connection order. */
export async function listCalendars(db: DbClient, userId: string): Promise<CalendarDto[]> {
  const rows = await db.connectedCalendar.findMany({
    where: { userId },
    select: CALENDAR_SELECT,
    orderBy: [{ connection: { createdAt: "asc" } }, { connectionId: "asc" }, { isPrimary: "desc" }, { name: "asc" }, { createdAt: "asc" }],
  });
  return rows.map(toCalendarDto);
}
