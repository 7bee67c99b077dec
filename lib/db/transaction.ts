import type { Prisma } from "./generated/client";
import type { DbClient } from "./client";

/**
 * Runs `fn` in a transaction: a new one when given the client, or the caller's
 * own when given a transaction client already, so a service can be composed
 * into a larger transaction without nesting (Prisma has no nested transactions).
 */
export function withTransaction<T>(db: DbClient, fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  if ("$transaction" in db) return db.$transaction(fn);
  return fn(db);
}
