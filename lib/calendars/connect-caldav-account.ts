/**
 * Connects a CalDAV account (iCloud, Fastmail, Nextcloud, Radicale …) with a
 * server address, username and (app-specific) password. The CalDAV module's
 * verifyCalDavCredentials signs in and lists the calendars first, so a wrong
 * password, an unreachable host or an address that is not CalDAV is a clear
 * 400 on the field to fix and nothing is stored. The password is stored
 * encrypted; connecting the same account again replaces it.
 */
import type { Db } from "../db/client";
import { requireCredentialStore } from "./calendar-features";
import { caldavAccountSchema, type CaldavAccountInput } from "./calendar-schema";
import { verifyCalDavCredentials } from "./caldav";
import type { ConnectionDto } from "./connection-dto";
import { saveConnection } from "./save-connection";

/** One account on one server: the username at the server's address (scheme and trailing slash ignored). */
export function caldavAccountId(serverUrl: string, username: string): string {
  const url = new URL(serverUrl);
  return `${username}@${url.host.toLowerCase()}${url.pathname.replace(/\/+$/, "")}`;
}

export async function connectCaldavAccount(db: Db, userId: string, input: CaldavAccountInput): Promise<ConnectionDto> {
  const { username, password, ...rest } = caldavAccountSchema.parse(input);
  requireCredentialStore();
  const { serverUrl, calendars } = await verifyCalDavCredentials({ serverUrl: rest.serverUrl, username, password });
  return saveConnection(db, userId, {
    credentials: { provider: "caldav", serverUrl, username, password },
    externalAccountId: caldavAccountId(serverUrl, username),
    label: `${username} · ${new URL(serverUrl).host}`,
    accountEmail: /^[^\s@]+@[^\s@]+$/.test(username) ? username.toLowerCase() : null,
    calendars,
  });
}
