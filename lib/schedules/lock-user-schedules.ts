import type { Prisma } from "../db/generated/client";

/**
 * Takes a row lock on the user for the rest of the transaction, so changes to
 * one user's set of schedules (which one is the default, whether one is the
 * last) happen one at a time. Without it, two concurrent "make default" calls
 * would both pass their checks and one would die on the partial unique index
 * `schedules_one_default_per_user` instead of simply going second.
 */
export async function lockUserSchedules(tx: Prisma.TransactionClient, userId: string): Promise<void> {
  await tx.$queryRaw`SELECT "id" FROM "users" WHERE "id" = ${userId} FOR UPDATE`;
}
