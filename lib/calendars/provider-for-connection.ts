/**
 * THE way to talk to a host's connected calendar account:
 *
 *   const provider = providerForConnection(db(), connectionRow, { timeZone: host.timeZone });
 *   await provider.listEvents(calendar.externalId, range);
 *
 * It decrypts the stored credentials, builds the provider's adapter, stores
 * refreshed OAuth tokens (encrypted) as the adapter reports them, and keeps
 * the connection's status truthful so Settings never shows a silent gap:
 * - any call failing with reason "auth" (revoked/expired grant, changed
 *   CalDAV password, unreadable stored credentials) → `needs_reconnect`;
 * - a read of the account (listCalendars, listEvents, syncEvents) failing for
 *   another reason → `error`, with the provider's message in lastError;
 * - a later successful call → `active` again.
 * Failures are re-thrown unchanged (CalendarProviderError), so callers still
 * decide by `reason` / `retryable` (retry a write, skip a source, …).
 *
 * It answers at once, without loading the adapter: the adapter's module (and
 * its client library) is imported on the first call (build-provider.ts), and
 * which optional methods the provider has comes from OPTIONAL_METHODS.
 */
import type { Db } from "../db/client";
import type { CalendarConnection } from "../db/generated/client";
import { SecretDecryptionError } from "../security/encryption";
import { buildProvider, OPTIONAL_METHODS, REQUIRED_METHODS, type BuiltProvider, type ProviderSettings } from "./build-provider";
import { openCredentials, sealCredentials, type ConnectionCredentials } from "./connection-credentials";
import type { OAuthTokens } from "./oauth-tokens";
import { CalendarProviderError } from "./provider-error";

export type ConnectionForProvider = Pick<CalendarConnection, "id" | "provider" | "credentials" | "status">;

export interface ProviderForConnectionOptions extends ProviderSettings {
  /**
   * The host's IANA zone (default "UTC"): Microsoft Graph's all-day events are
   * floating dates, and CalDAV calendars / ICS feeds may declare no zone of
   * their own; those become this zone's local times.
   */
  timeZone?: string;
  /** The host's own addresses (ICS feeds: which attendee answer is theirs, so a declined invitation does not block). */
  selfEmails?: readonly string[];
}

/** The adapter of one connection. Microsoft subscriptions can be renewed in place (`renewWatch`). */
export type ConnectionProvider = BuiltProvider;

const READS = new Set(["listCalendars", "listEvents", "syncEvents"]);
const MAX_ERROR_LENGTH = 500;

const UNREADABLE =
  "Kairos can no longer read the stored credentials of this account (the server's encryption key changed). Reconnect the account.";

export function providerForConnection(db: Db, connection: ConnectionForProvider, options: ProviderForConnectionOptions = {}): ConnectionProvider {
  let status = connection.status;

  async function markFailed(error: CalendarProviderError, read: boolean): Promise<void> {
    const next = error.reason === "auth" ? "needs_reconnect" : read ? "error" : undefined;
    if (!next) return;
    status = next;
    await db.calendarConnection.updateMany({
      where: { id: connection.id },
      data: { status: next, lastError: error.message.slice(0, MAX_ERROR_LENGTH), lastErrorAt: new Date() },
    });
  }

  async function markWorking(): Promise<void> {
    if (status === "active") return;
    status = "active";
    await db.calendarConnection.updateMany({ where: { id: connection.id }, data: { status: "active", lastError: null, lastErrorAt: null } });
  }

  let credentials: ConnectionCredentials;
  try {
    credentials = openCredentials(connection);
  } catch (error) {
    // A configuration problem (no key at all) is the operator's, not the host's: it propagates.
    if (!(error instanceof SecretDecryptionError)) throw error;
    return unreadable(connection, markFailed);
  }

  let adapter: Promise<ConnectionProvider> | undefined;
  const load = () =>
    (adapter ??= buildProvider(credentials, {
      ...options,
      onTokens: async (tokens: OAuthTokens) => {
        if (credentials.provider !== "google" && credentials.provider !== "microsoft") return;
        credentials = { provider: credentials.provider, tokens };
        await db.calendarConnection.updateMany({ where: { id: connection.id }, data: { credentials: sealCredentials(connection.id, credentials) } });
      },
    }));

  const guarded = { kind: credentials.provider } as Record<string, unknown>;
  for (const name of [...REQUIRED_METHODS, ...OPTIONAL_METHODS[credentials.provider]]) {
    guarded[name] = async (...args: unknown[]) => {
      const built = await load();
      let result: unknown;
      try {
        result = await (built[name] as (...a: unknown[]) => Promise<unknown>).apply(built, args);
      } catch (error) {
        if (error instanceof CalendarProviderError) await markFailed(error, READS.has(name));
        throw error;
      }
      await markWorking();
      return result;
    };
  }
  return guarded as unknown as ConnectionProvider;
}

/** A provider whose every call fails as "auth" (and says so on the connection): its credentials cannot be decrypted. */
function unreadable(
  connection: ConnectionForProvider,
  markFailed: (error: CalendarProviderError, read: boolean) => Promise<void>,
): ConnectionProvider {
  const fail = async (): Promise<never> => {
    const error = new CalendarProviderError("auth", UNREADABLE, { provider: connection.provider });
    await markFailed(error, true);
    throw error;
  };
  return {
    kind: connection.provider,
    listCalendars: fail,
    listEvents: fail,
    createEvent: fail,
    updateEvent: fail,
    deleteEvent: fail,
    syncEvents: fail,
  };
}
