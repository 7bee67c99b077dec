import { invalidateHost } from "../availability/slot-cache";
import type { DbClient } from "../db/client";
import { outOfOfficeInputSchema, type OutOfOfficeDto, type OutOfOfficeInput } from "./out-of-office-schema";
import { dateColumn } from "../db/date-column";
import { toOutOfOfficeDto } from "./to-out-of-office-dto";

/**
 * Adds an out-of-office range. Ranges may overlap (closing a day twice is
 * still closing it), so a host can add a long holiday and a day inside it
 * without first editing the other. Bookings already made are kept: they are
 * the host's to cancel; from now on no new slot is offered on those dates.
 */
export async function createOutOfOffice(db: DbClient, userId: string, input: OutOfOfficeInput): Promise<OutOfOfficeDto> {
  const data = outOfOfficeInputSchema.parse(input);
  const row = await db.outOfOffice.create({
    data: { userId, startDate: dateColumn(data.start), endDate: dateColumn(data.end), note: data.note },
  });
  // After the commit: every cached slot of the host may fall on these dates.
  await invalidateHost(userId);
  return toOutOfOfficeDto(row);
}
