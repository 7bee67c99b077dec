import type { DbClient } from "../db/client";
import type { OutOfOfficeDto } from "./out-of-office-schema";
import { toOutOfOfficeDto } from "./to-out-of-office-dto";

/** The user's out-of-office ranges, earliest first (past ones too: the UI marks them). */
export async function listOutOfOffice(db: DbClient, userId: string): Promise<OutOfOfficeDto[]> {
  const rows = await db.outOfOffice.findMany({ where: { userId }, orderBy: [{ startDate: "asc" }, { endDate: "asc" }, { id: "asc" }] });
  return rows.map(toOutOfOfficeDto);
}
