import { createHash, randomBytes } from "node:crypto";

/** An unguessable URL-safe token: 32 random bytes (256 bits) by default. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/** How secrets that must be recognised later (API keys, guest links) are stored. */
export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}
