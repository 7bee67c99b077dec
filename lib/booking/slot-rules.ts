/**
 * What create and reschedule share, so both answer and lock the same way:
 * the lookup window, the slot errors, the per-host lock and the transaction runner.
 */
import type { Interval } from "../availability/types";
import type { Db } from "../db/client";
import { isTransientTransactionError } from "../db/errors";
import { withTransaction } from "../db/transaction";
import type { Prisma } from "../db/generated/client";
import { AppError } from "../errors";

/**
 * The window of slot starts to load context for when checking one start:
 * just that instant. loadSlotContext widens it by the event type's duration
 * and buffers itself, so every booking that could collide is loaded.
 */
export function slotLookupWindow(start: number): Interval {
  return { start, end: start + 1 };
}

export const slotUnavailable = () =>
  new AppError("slot_unavailable", "That time is no longer available. Please pick another time.");

/** A past start is a time that is not available: same code as any untaken slot. */
export const startInPast = () =>
  new AppError("slot_unavailable", "That time has already passed. Please pick a time in the future.");

const MAX_ATTEMPTS = 5;

/**
 * Takes a lock on one host's bookings until the transaction ends, so writes
 * that could collide run one after another.
 *
 * Why: the EXCLUDE constraint alone keeps bookings disjoint, but concurrent
 * inserts whose ranges overlap each wait for the other's uncommitted row, and
 * PostgreSQL breaks each such cycle only after deadlock_timeout (1 s) by
 * aborting one side — 50 guests on overlapping slots then take a minute and
 * fail. Serialised per host, every insert meets only committed rows: a
 * conflict is an immediate 23P01. Other hosts are not slowed at all.
 * The lock is transaction-scoped (released by commit or rollback) and keyed in
 * a namespace of its own (first argument) so it cannot clash with other locks.
 */
export async function lockHostBookings(tx: Prisma.TransactionClient, hostId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${HOST_BOOKINGS_LOCK_SPACE}::int4, hashtext(${hostId}))`;
}

/** "kb" + 1: an arbitrary constant naming Kairos' booking locks. */
const HOST_BOOKINGS_LOCK_SPACE = 0x6b62_0001;

/**
 * Runs a booking write in one interactive transaction, and again if it lost a
 * deadlock or serialization race (40P01/40001) — a safety net: with
 * lockHostBookings these should not occur, but if they do the input was not at
 * fault, and the rerun sees the winners committed and answers for real.
 */
export async function runBookingTransaction<T>(db: Db, work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await withTransaction(db, work);
    } catch (error) {
      if (!isTransientTransactionError(error)) throw error;
      if (attempt >= MAX_ATTEMPTS) {
        throw new AppError("conflict", "Many people are booking this time right now. Please try again in a moment.");
      }
      // Jittered backoff so the rerun does not collide with the same rival.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 50 * attempt));
    }
  }
}
