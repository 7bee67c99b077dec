/**
 * The server-side half of an OAuth connect flow between the redirect to the
 * provider and its callback: who started it, the `state` sent, and the PKCE
 * verifier. Kept in a short-lived, httpOnly cookie sealed with AES-256-GCM
 * (encrypted and authenticated in one), so no table needs cleaning up and a
 * flow cannot be finished by another user, for another provider, or late.
 */
import { z } from "zod";
import { decryptSecret, encryptSecret, SecretDecryptionError } from "../security/encryption";

export type OAuthProviderKind = "google" | "microsoft";

/** How long a person has to finish signing in at the provider. */
export const PENDING_OAUTH_TTL_SECONDS = 600;

export interface PendingOAuthConnection {
  provider: OAuthProviderKind;
  userId: string;
  state: string;
  codeVerifier: string;
  /** Epoch ms. */
  expiresAt: number;
}

const pendingSchema = z.object({
  provider: z.enum(["google", "microsoft"]),
  userId: z.string(),
  state: z.string(),
  codeVerifier: z.string(),
  expiresAt: z.number(),
});

const boundTo = (provider: OAuthProviderKind) => `oauth-connect:${provider}`;

export function sealPendingOAuth(pending: PendingOAuthConnection): string {
  return encryptSecret(JSON.stringify(pending), { associatedData: boundTo(pending.provider) });
}

/** The pending flow for `provider`, or null when the value is missing, forged, for another provider, or expired. */
export function openPendingOAuth(sealed: string | undefined, provider: OAuthProviderKind, now = Date.now()): PendingOAuthConnection | null {
  if (!sealed) return null;
  let pending: PendingOAuthConnection;
  try {
    pending = pendingSchema.parse(JSON.parse(decryptSecret(sealed, { associatedData: boundTo(provider) })));
  } catch (error) {
    if (error instanceof SecretDecryptionError || error instanceof SyntaxError || error instanceof z.ZodError) return null;
    throw error;
  }
  if (pending.provider !== provider || pending.expiresAt <= now) return null;
  return pending;
}
