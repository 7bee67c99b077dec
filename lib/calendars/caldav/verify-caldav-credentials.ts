/**
 * The "Connect a CalDAV account" form's check: the server answers, it is a
 * CalDAV server, the password is right, and the account has a calendar for
 * events. Each failure is a validation error on the field to fix (HTTP 400
 * through apiRoute) with a message that tells the cases apart: a wrong
 * password, a server that cannot be reached, an address that is not CalDAV.
 */
import { AppError } from "../../errors";
import type { ProviderCalendar } from "../provider";
import { CalendarProviderError } from "../provider-error";
import { createCalDavCalendarProvider, type CalDavProviderOptions } from "./caldav-calendar-provider";

export interface VerifiedCalDavAccount {
  /** The address as it will be stored (trimmed, with a scheme). */
  serverUrl: string;
  calendars: ProviderCalendar[];
}

export async function verifyCalDavCredentials(input: CalDavProviderOptions): Promise<VerifiedCalDavAccount> {
  const serverUrl = normalizeServerUrl(input.serverUrl);
  if (!input.username.trim()) throw fieldError("username", "Enter the user name of the CalDAV account.");
  if (!input.password) throw fieldError("password", "Enter the password (or app password) of the CalDAV account.");

  let calendars: ProviderCalendar[];
  try {
    calendars = await createCalDavCalendarProvider({ ...input, serverUrl }).listCalendars();
  } catch (error) {
    if (!(error instanceof CalendarProviderError)) throw error;
    throw explain(error, new URL(serverUrl).host);
  }
  if (calendars.length === 0) {
    throw fieldError("serverUrl", "Signed in, but this account has no calendar for events. Create one on the server (or in your calendar app) and try again.");
  }
  return { serverUrl, calendars };
}

function explain(error: CalendarProviderError, host: string): AppError {
  switch (error.reason) {
    case "auth":
      return fieldError("password", "The server rejected this user name and password. Check them; some providers (iCloud, Fastmail) need an app-specific password.");
    case "invalid":
    case "not_found":
    case "forbidden":
      return fieldError(
        "serverUrl",
        `${host} does not look like a CalDAV server (it names no calendar home for this account). Check the address — for example https://cloud.example.com/remote.php/dav for Nextcloud.`,
      );
    case "rate_limited":
      return fieldError("serverUrl", `${host} is limiting requests right now. Try again in a few minutes.`);
    case "transient":
      return error.options.status !== undefined
        ? fieldError("serverUrl", `${host} answered with an error (HTTP ${error.options.status}). Try again later.`)
        : fieldError("serverUrl", `Could not reach ${host}. Check the address and that the server is running. (${error.message})`);
  }
}

function normalizeServerUrl(input: string): string {
  let text = input.trim();
  if (!text) throw fieldError("serverUrl", "Enter the address of the CalDAV server.");
  if (!/^[a-z][a-z0-9+.-]*:/i.test(text)) text = `https://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw fieldError("serverUrl", "This is not a valid web address.");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw fieldError("serverUrl", "The server address must start with https:// (or http://).");
  if (url.username || url.password) throw fieldError("serverUrl", "Put the user name and password in their own fields, not in the address.");
  url.hash = "";
  return url.href;
}

function fieldError(path: string, message: string): AppError {
  return new AppError("validation_error", message, [{ path, message }]);
}
