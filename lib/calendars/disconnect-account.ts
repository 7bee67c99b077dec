/**
 * Disconnects an account: runs the disconnect hooks (best effort — see
 * disconnect-hooks.ts), then deletes the connection; its calendars go with it
 * (ON DELETE CASCADE) and event types that wrote to one of them fall back to
 * the host's destination (ON DELETE SET NULL). Events Kairos already wrote
 * into the account stay there: they are the host's.
 *
 * Last, Kairos gives up its access at the provider where it can
 * (CalendarProvider.revokeAccess: Google revokes the refresh token; Microsoft
 * Graph has no per-token revoke for delegated apps). Best effort too: the
 * connection is gone either way, and a failure is only logged.
 */
import { invalidateHost } from "../availability/slot-cache";
import type { Db } from "../db/client";
import type { CalendarConnection } from "../db/generated/client";
import { notFound } from "../errors";
import { disconnectHooks } from "./disconnect-hooks";
import { providerForConnection, type ConnectionProvider } from "./provider-for-connection";

export async function disconnectAccount(db: Db, userId: string, connectionId: string): Promise<void> {
  const connection = await db.calendarConnection.findFirst({ where: { id: connectionId, userId } });
  if (!connection) throw notFound("Calendar connection");

  let provider: ConnectionProvider | undefined;
  for (const hook of disconnectHooks()) {
    try {
      await hook({ db, connection, provider: () => (provider ??= providerForConnection(db, connection)) });
    } catch (error) {
      console.error(`Calendar connection ${connection.id}: a disconnect hook failed; disconnecting anyway.`, error);
    }
  }

  const { count } = await db.calendarConnection.deleteMany({ where: { id: connectionId, userId } });
  if (count === 0) throw notFound("Calendar connection");
  await invalidateHost(userId);
  await revokeAccess(db, connection, () => (provider ??= providerForConnection(db, connection)));
}

/**
 * After the delete: nothing uses the credentials any more. Skipped while
 * another Kairos host still has the same account connected — Google revokes
 * the whole grant of an account to an app, which would cut them off too.
 */
async function revokeAccess(db: Db, connection: CalendarConnection, provider: () => ConnectionProvider): Promise<void> {
  try {
    const adapter = provider();
    if (!adapter.revokeAccess) return;
    const shared = await db.calendarConnection.count({ where: { provider: connection.provider, externalAccountId: connection.externalAccountId } });
    if (shared > 0) return;
    await adapter.revokeAccess();
  } catch (error) {
    console.error(`Calendar connection ${connection.id}: revoking its access at ${connection.provider} failed; it is disconnected anyway.`, error);
  }
}
