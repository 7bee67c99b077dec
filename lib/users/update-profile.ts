import { invalidateHost } from "../availability/slot-cache";
import type { DbClient } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { AppError, notFound } from "../errors";
import { ME_SELECT, toMeDto, type MeDto } from "./to-me-dto";
import { profileUpdateSchema, type ProfileUpdate } from "./user-schema";

/**
 * Changes the host's name, email, username or zone (absent fields stay).
 * A new username changes every public link of the host: old links stop working.
 * The profile zone is the display default; schedules keep their own zones.
 */
export async function updateProfile(db: DbClient, userId: string, input: ProfileUpdate): Promise<MeDto> {
  const data = profileUpdateSchema.parse(input);
  const current = await db.user.findUnique({ where: { id: userId }, select: { email: true } });
  if (!current) throw notFound("User");
  // A changed address has not been verified by anyone (an OAuth provider may
  // have verified the old one), so the mark is cleared.
  const emailChanged = data.email !== undefined && data.email !== current.email;
  try {
    const row = await db.user.update({
      where: { id: userId },
      data: { ...data, ...(emailChanged ? { emailVerified: null } : {}) },
      select: ME_SELECT,
    });
    // The zone is the rules' zone of a host without schedules, and the
    // username names the public links cached slots are keyed by.
    await invalidateHost(userId);
    return toMeDto(row);
  } catch (error) {
    if (isUniqueViolation(error, "email")) {
      throw new AppError("conflict", "Another account already uses this email.", [{ path: "email", message: "Already registered." }]);
    }
    if (isUniqueViolation(error, "username")) {
      throw new AppError("conflict", "This username is taken.", [{ path: "username", message: "Already taken." }]);
    }
    throw error;
  }
}
