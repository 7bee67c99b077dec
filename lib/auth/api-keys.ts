/**
 * Personal API keys: `kai_` + 256 random bits, shown once, stored as sha256.
 */
import type { Db } from "../db/client";
import { notFound } from "../errors";
import { randomToken, sha256Hex } from "../security/tokens";

export const API_KEY_PREFIX = "kai_";

export interface CreatedApiKey {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  /** The only time the whole key is available. */
  key: string;
}

export async function createApiKey(db: Db, userId: string, name: string): Promise<CreatedApiKey> {
  const key = API_KEY_PREFIX + randomToken(32);
  const row = await db.apiKey.create({
    data: { userId, name, prefix: key.slice(0, API_KEY_PREFIX.length + 6), keyHash: sha256Hex(key) },
  });
  return { id: row.id, name: row.name, prefix: row.prefix, createdAt: row.createdAt, key };
}

export async function listApiKeys(db: Db, userId: string) {
  return db.apiKey.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true },
  });
}

export async function deleteApiKey(db: Db, userId: string, id: string): Promise<void> {
  const { count } = await db.apiKey.deleteMany({ where: { id, userId } });
  if (count === 0) throw notFound("API key");
}

/** The user id a presented key belongs to, or null. */
export async function userIdForApiKey(db: Db, key: string): Promise<string | null> {
  if (!key.startsWith(API_KEY_PREFIX)) return null;
  const row = await db.apiKey.findUnique({ where: { keyHash: sha256Hex(key) }, select: { id: true, userId: true, lastUsedAt: true } });
  if (!row) return null;
  // Record use at most once a minute: a write per request would be waste.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return row.userId;
}
