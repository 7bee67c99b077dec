/** Recognises PostgreSQL constraint violations as the Prisma client reports them. */

/** SQLSTATE 23P01: an EXCLUDE constraint rejected the row (e.g. overlapping bookings). */
export function isExclusionViolation(error: unknown): boolean {
  return findSqlState(error) === "23P01";
}

/** A unique constraint (Prisma P2002, or SQLSTATE 23505 from a raw query). */
export function isUniqueViolation(error: unknown, field?: string): boolean {
  const e = error as { code?: string; meta?: { target?: unknown; driverAdapterError?: unknown } };
  const unique = e?.code === "P2002" || findSqlState(error) === "23505";
  if (!unique || !field) return unique;
  return JSON.stringify(e?.meta ?? {}).includes(field) || String((error as Error).message).includes(field);
}

function findSqlState(error: unknown): string | undefined {
  // Driver adapter errors carry the SQLSTATE on `cause.originalCode` or `cause.code`,
  // sometimes one level deeper; walk the chain rather than guess one shape.
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const c = current as { code?: unknown; originalCode?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
    for (const candidate of [c.originalCode, c.code]) {
      if (typeof candidate === "string" && /^[0-9A-Z]{5}$/.test(candidate)) return candidate;
    }
    current = c.cause ?? c.meta?.driverAdapterError;
  }
  return undefined;
}
