/**
 * PostgreSQL DATE columns hold calendar dates without a zone; Prisma reads
 * and writes them as the Date at UTC midnight. These convert to and from the
 * YYYY-MM-DD strings the API speaks, independent of the process zone.
 */

/** A YYYY-MM-DD date as the value of a DATE column. */
export function dateColumn(date: string): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

/** A DATE column's value as YYYY-MM-DD. */
export function isoDateOfColumn(value: Date): string {
  return value.toISOString().slice(0, 10);
}
