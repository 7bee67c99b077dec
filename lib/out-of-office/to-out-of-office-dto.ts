import { isoDateOfColumn } from "../db/date-column";
import type { OutOfOffice } from "../db/generated/client";
import type { OutOfOfficeDto } from "./out-of-office-schema";

export function toOutOfOfficeDto(row: OutOfOffice): OutOfOfficeDto {
  return { id: row.id, start: isoDateOfColumn(row.startDate), end: isoDateOfColumn(row.endDate), note: row.note };
}
