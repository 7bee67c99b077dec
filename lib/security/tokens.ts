import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** An unguessable URL-safe token: 32 random bytes (256 bits) by default. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/** How secrets that must be recognised later (API keys, guest links) are stored. */
export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/** Constant-time comparison of a presented token against its stored sha256 (guest links, push channel secrets). */
export function tokenMatches(token: string | null | undefined, storedHash: string): boolean {
  if (typeof token !== "string" || token.length === 0) return false;
  const presented = Buffer.from(sha256Hex(token), "hex");
  const stored = Buffer.from(storedHash, "hex");
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
