/** Host-level out-of-office ranges (whole dates that close every schedule). */
export { outOfOfficeInputSchema, MAX_OUT_OF_OFFICE_DAYS, type OutOfOfficeDto, type OutOfOfficeInput } from "./out-of-office-schema";
export { listOutOfOffice } from "./list-out-of-office";
export { createOutOfOffice } from "./create-out-of-office";
export { deleteOutOfOffice } from "./delete-out-of-office";
