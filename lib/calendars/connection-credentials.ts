/**
 * The secret half of a calendar connection: OAuth tokens, a CalDAV login, or
 * an ICS feed URL (private feed URLs carry a secret token). Stored as one
 * AES-256-GCM string in calendar_connections.credentials, bound to the row by
 * its id as associated data, so a ciphertext copied onto another connection
 * does not decrypt.
 */
import { z } from "zod";
import { decryptSecret, encryptSecret, type EncryptionOptions } from "../security/encryption";
import type { ProviderKind } from "./provider";

const oauthTokens = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresAt: z.number(),
  scope: z.string().optional(),
});

const credentialsSchema = z.discriminatedUnion("provider", [
  z.object({ provider: z.literal("google"), tokens: oauthTokens }),
  z.object({ provider: z.literal("microsoft"), tokens: oauthTokens }),
  z.object({ provider: z.literal("caldav"), serverUrl: z.string(), username: z.string(), password: z.string() }),
  z.object({ provider: z.literal("ics"), url: z.string() }),
]);

export type ConnectionCredentials = z.infer<typeof credentialsSchema>;
export type OAuthConnectionCredentials = Extract<ConnectionCredentials, { provider: "google" | "microsoft" }>;

/** The associated data every connection's ciphertext is bound to. */
const boundTo = (connectionId: string) => `calendar-connection:${connectionId}`;

export function sealCredentials(connectionId: string, credentials: ConnectionCredentials, options: Pick<EncryptionOptions, "key"> = {}): string {
  return encryptSecret(JSON.stringify(credentialsSchema.parse(credentials)), { ...options, associatedData: boundTo(connectionId) });
}

/** The credentials of a connection row. Throws SecretDecryptionError when the stored value cannot be read. */
export function openCredentials(
  connection: { id: string; provider: ProviderKind; credentials: string },
  options: Pick<EncryptionOptions, "key"> = {},
): ConnectionCredentials {
  const parsed = credentialsSchema.parse(JSON.parse(decryptSecret(connection.credentials, { ...options, associatedData: boundTo(connection.id) })));
  // The provider column is not covered by the encryption; a mismatch means the row was edited by hand.
  if (parsed.provider !== connection.provider) {
    throw new Error(`Calendar connection ${connection.id} stores ${parsed.provider} credentials for a ${connection.provider} connection.`);
  }
  return parsed;
}
