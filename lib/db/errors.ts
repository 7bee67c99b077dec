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
  return uniqueFields(error).includes(field);
}

/**
 * The columns of the violated unique constraint. Read from structured data only:
 * Prisma's message quotes the calling source code, so searching it for a field
 * name matches whatever that code mentions (a username clash read as "email").
 */
function uniqueFields(error: unknown): string[] {
  const e = error as { meta?: { target?: unknown; driverAdapterError?: { cause?: { constraint?: { fields?: unknown }; originalMessage?: unknown } } } };
  const target = e?.meta?.target;
  if (Array.isArray(target)) return target.map(String);
  if (typeof target === "string") return [target];
  const cause = e?.meta?.driverAdapterError?.cause;
  if (Array.isArray(cause?.constraint?.fields)) return cause.constraint.fields.map(String);
  // Raw queries: only the constraint name is known, e.g. users_username_key.
  const constraint =
    (error as { constraint?: unknown })?.constraint ??
    /unique constraint "([^"]+)"/.exec(String(cause?.originalMessage ?? (error as Error)?.message ?? ""))?.[1];
  return typeof constraint === "string" ? constraint.split("_") : [];
}

/**
 * SQLSTATE 40P01 (deadlock) or 40001 (serialization failure): the transaction
 * lost to a concurrent one through no fault of its input; running it again is
 * the documented remedy. Concurrent inserts checked by one EXCLUDE constraint
 * can deadlock each other this way.
 */
export function isTransientTransactionError(error: unknown): boolean {
  const state = findSqlState(error);
  return state === "40P01" || state === "40001";
}

function findSqlState(error: unknown): string | undefined {
  // Driver adapter errors carry the SQLSTATE on `cause.originalCode` or `cause.code`,
  // sometimes one level deeper; walk the chain rather than guess one shape.
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const c = current as { code?: unknown; originalCode?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
    for (const candidate of [c.originalCode, c.code]) {
      // Prisma's own codes (P2010 "raw query failed" wraps the driver's error) look like SQLSTATEs: skip them.
      if (typeof candidate === "string" && /^[0-9A-Z]{5}$/.test(candidate) && !/^P[1-9]\d{3}$/.test(candidate)) return candidate;
    }
    current = c.cause ?? c.meta?.driverAdapterError;
  }
  return undefined;
}
