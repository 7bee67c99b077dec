import type { Db } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { withTransaction } from "../db/transaction";
import { AppError } from "../errors";
import { hashPassword } from "../auth/password";
import { createDefaultSchedule } from "../schedules/create-default-schedule";
import { newUserSchema, type NewUser } from "./user-schema";

/**
 * Signs up a host with a password. Every new host starts with a default
 * Mon–Fri 09:00–17:00 schedule in their own zone, so a first link works at once.
 */
export async function createUser(db: Db, input: NewUser) {
  const data = newUserSchema.parse(input);
  const passwordHash = await hashPassword(data.password);
  try {
    return await withTransaction(db, async (tx) => {
      const user = await tx.user.create({
        data: { email: data.email, name: data.name, username: data.username, timeZone: data.timeZone, passwordHash },
      });
      await createDefaultSchedule(tx as Db, user.id, data.timeZone);
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error, "email")) {
      throw new AppError("conflict", "An account with this email already exists.", [{ path: "email", message: "Already registered." }]);
    }
    if (isUniqueViolation(error, "username")) {
      throw new AppError("conflict", "This username is taken.", [{ path: "username", message: "Already taken." }]);
    }
    throw error;
  }
}

/** For OAuth/OIDC sign-ups: a free username derived from the email's local part. */
export async function availableUsername(db: Db, email: string): Promise<string> {
  const base =
    email
      .split("@")[0]
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 30) || "host";
  const stem = base.length < 2 ? `${base}-host` : base;
  for (let n = 0; n < 50; n++) {
    const candidate = n === 0 ? stem : `${stem}-${n + 1}`;
    const taken = await db.user.findUnique({ where: { username: candidate }, select: { id: true } });
    if (!taken) return candidate;
  }
  return `${stem}-${Date.now().toString(36)}`;
}
