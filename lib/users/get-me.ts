import type { DbClient } from "../db/client";
import { notFound } from "../errors";
import { ME_SELECT, toMeDto, type MeDto } from "./to-me-dto";

export type { MeDto } from "./to-me-dto";

export async function getMe(db: DbClient, userId: string): Promise<MeDto> {
  const row = await db.user.findUnique({ where: { id: userId }, select: ME_SELECT });
  if (!row) throw notFound("User");
  return toMeDto(row);
}
