import type { Prisma } from "./generated/client";
import type { DbClient } from "./client";

/**
 * Interactive-transaction limits for every transaction Kairos runs. Prisma's
 * defaults (wait 2 s for a connection, 5 s to finish) are tight on a loaded
 * machine — two shared cores, the embedded database serving one connection at
 * a time — where a connect that stores an account with many calendars, or a
 * burst of bookings each waiting on the one before, would otherwise fail with
 * a timeout instead of finishing a little later.
 */
export const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 20_000 } as const;

/**
 * Runs `fn` in a transaction with TRANSACTION_OPTIONS: a new one when given
 * the client, or the caller's own when given a transaction client already, so
 * a service can be composed into a larger transaction without nesting (Prisma
 * has no nested transactions).
 */
export function withTransaction<T>(db: DbClient, fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  if ("$transaction" in db) return db.$transaction(fn, TRANSACTION_OPTIONS);
  return fn(db);
}
