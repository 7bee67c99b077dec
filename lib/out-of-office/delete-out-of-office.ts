import { invalidateHost } from "../availability/slot-cache";
import type { DbClient } from "../db/client";
import { notFound } from "../errors";

/** Removes one of the user's ranges; another user's is "not found". */
export async function deleteOutOfOffice(db: DbClient, userId: string, id: string): Promise<void> {
  const { count } = await db.outOfOffice.deleteMany({ where: { id, userId } });
  if (count === 0) throw notFound("Out-of-office range");
  // After the commit: those dates are open again.
  await invalidateHost(userId);
}
