/**
 * The one way Kairos protects its calendar OAuth connect flows (Google and
 * Microsoft alike): an unguessable `state` against CSRF / mixed-up callbacks,
 * and a PKCE S256 verifier so an intercepted authorization code is useless on
 * its own. The route layer keeps `state` and `codeVerifier` server-side (or in
 * an encrypted, httpOnly cookie) between the redirect and the callback.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { randomToken } from "../security/tokens";

export interface OAuthFlowSecrets {
  state: string;
  /** RFC 7636 verifier: 43 characters of base64url (256 random bits). */
  codeVerifier: string;
  /** BASE64URL(SHA256(codeVerifier)), sent with code_challenge_method=S256. */
  codeChallenge: string;
}

export function createOAuthFlowSecrets(): OAuthFlowSecrets {
  const codeVerifier = randomToken(32);
  return { state: randomToken(32), codeVerifier, codeChallenge: pkceChallenge(codeVerifier) };
}

const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

/** The S256 code challenge of a verifier; rejects verifiers RFC 7636 does not allow. */
export function pkceChallenge(codeVerifier: string): string {
  if (!VERIFIER.test(codeVerifier)) throw new Error("A PKCE code verifier must be 43–128 characters of [A-Za-z0-9._~-].");
  return createHash("sha256").update(codeVerifier, "ascii").digest("base64url");
}

/** Compares the state a callback brought back with the one issued, in constant time. */
export function isSameOAuthState(issued: string, returned: string | null | undefined): boolean {
  if (typeof returned !== "string" || issued.length === 0) return false;
  const a = Buffer.from(issued, "utf8");
  const b = Buffer.from(returned, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}
