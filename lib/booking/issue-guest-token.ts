import { createHmac, randomBytes } from "node:crypto";
import { config } from "../config";
import { randomToken } from "../security/tokens";

/**
 * The guest's manage token for a new booking. Only its sha256 is stored, so
 * it cannot be read back later — yet an idempotent replay of the create call
 * must answer with the same links as the first response.
 *
 * Decision: without an idempotency key the token is 256 random bits. With one,
 * it is HMAC-SHA256(server secret, uid + ":" + key): reproducible by this
 * server on replay, unguessable to anyone without the server secret (knowing
 * the uid and even the key is not enough). Whoever can replay the request
 * (same event type, key, start and attendee email) gets the links again —
 * exactly the idempotency contract; clients should use random keys (UUIDs).
 *
 * The secret is NEXTAUTH_SECRET (scripts/start.ts always provides one). Without
 * it, a per-process random secret keeps tokens unguessable; a replay after a
 * restart then cannot rebuild the token and answers without the links.
 */
export function issueGuestToken(uid: string, idempotencyKey?: string | null): string {
  if (!idempotencyKey) return randomToken(32);
  return createHmac("sha256", guestTokenSecret()).update(`kairos-guest-token:${uid}:${idempotencyKey}`).digest("base64url");
}

const fallbackSecret = randomBytes(32);

function guestTokenSecret(): string | Buffer {
  return config().authSecret ?? fallbackSecret;
}
