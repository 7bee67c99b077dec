/**
 * Disconnects an account: runs the disconnect hooks (best effort — see
 * disconnect-hooks.ts), then deletes the connection; its calendars go with it
 * (ON DELETE CASCADE) and event types that wrote to one of them fall back to
 * the host's destination (ON DELETE SET NULL). Events Kairos already wrote
 * into the account stay there: they are the host's.
 */
import { invalidateHost } from "../availability/slot-cache";
import type { Db } from "../db/client";
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
}
