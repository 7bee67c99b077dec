/**
 * A CalDAV account's new password — after the host changed it or revoked the
 * app-specific password Kairos had ("Reconnect needed"). Checked with the
 * server before it replaces the stored one; the connection is active again
 * and its calendars are re-listed (choices kept).
 */
import type { Db } from "../db/client";
import { notFound, validationError } from "../errors";
import { requireCredentialStore } from "./calendar-features";
import { connectionPatchSchema } from "./calendar-schema";
import { verifyCalDavCredentials } from "./caldav";
import { openCredentials } from "./connection-credentials";
import type { ConnectionDto } from "./connection-dto";
import { saveConnection } from "./save-connection";
import { SecretDecryptionError } from "../security/encryption";

export async function updateCaldavPassword(db: Db, userId: string, connectionId: string, input: { password: string }): Promise<ConnectionDto> {
  const { password } = connectionPatchSchema.parse(input);
  const connection = await db.calendarConnection.findFirst({ where: { id: connectionId, userId } });
  if (!connection) throw notFound("Calendar connection");
  if (connection.provider !== "caldav") {
    throw validationError("Only CalDAV accounts take a password; reconnect Google and Microsoft accounts with their Reconnect button.");
  }
  requireCredentialStore();
  let stored;
  try {
    stored = openCredentials(connection);
  } catch (error) {
    if (!(error instanceof SecretDecryptionError)) throw error;
    throw validationError("The stored server address of this account can no longer be read. Disconnect it and connect it again.");
  }
  if (stored.provider !== "caldav") throw new Error(`Connection ${connection.id} holds ${stored.provider} credentials.`);

  const { calendars } = await verifyCalDavCredentials({ serverUrl: stored.serverUrl, username: stored.username, password });
  return saveConnection(db, userId, {
    credentials: { ...stored, password },
    externalAccountId: connection.externalAccountId,
    label: connection.label,
    accountEmail: connection.accountEmail,
    calendars,
  });
}
