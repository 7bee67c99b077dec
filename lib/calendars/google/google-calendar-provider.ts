/**
 * The Google Calendar adapter: CalendarProvider on googleapis' Calendar v3
 * client, authorised by an OAuth2 client that refreshes the access token
 * before it expires (and, via run(), once after an unexpected 401); every
 * refresh reaches `onTokens` through the client's "tokens" event.
 *
 * Library retries are off (`retry: false`): gaxios retries GETs on 429 four
 * times in ~2 s ignoring Retry-After, which burns the per-user quota. Every
 * failure surfaces as a CalendarProviderError whose `retryable` and
 * `retryAfterMs` tell the caller (a job with backoff) what to do.
 */
import { google, type calendar_v3 } from "googleapis";
import type { Interval } from "../../availability/types";
import { checkEventWrite } from "../check-event-write";
import { overlapsRange } from "../event-range";
import { TokenPersistence, type OAuthTokens, type OnTokens } from "../oauth-tokens";
import type { CalendarProvider, EventWrite, ProviderCalendar, ProviderEvent, PushChannel, SyncBatch, WrittenEvent } from "../provider";
import { CalendarProviderError } from "../provider-error";
import { googleReason, googleStatus, toGoogleProviderError } from "./google-errors";
import { googleEventIdFor, toGoogleEventBody, toProviderEvent, toWrittenEvent } from "./google-events";
import { googleSettings, type GoogleSettings } from "./google-settings";

export interface GoogleCalendarProviderOptions {
  /** The account's tokens (decrypted). */
  tokens: OAuthTokens;
  /** Stores refreshed tokens; awaited before the method that refreshed returns. */
  onTokens?: OnTokens;
  /** Credentials and endpoints; default from configuration. */
  settings?: GoogleSettings;
  /** Per-request timeout, default 30 s. */
  timeoutMs?: number;
}

/** Google supports every optional method (watch / stopWatch / revokeAccess). */
export type GoogleCalendarProvider = Required<CalendarProvider>;

const PAGE_SIZE = 2500;
const WRITABLE_ROLES = new Set(["owner", "writer"]);

const iso = (ms: number) => new Date(ms).toISOString();

export function createGoogleCalendarProvider(options: GoogleCalendarProviderOptions): GoogleCalendarProvider {
  const settings = options.settings ?? googleSettings();
  const timeout = options.timeoutMs ?? 30_000;
  const persistence = new TokenPersistence(options.onTokens);
  let refreshToken = options.tokens.refreshToken;

  const auth = new google.auth.OAuth2({
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    endpoints: { oauth2TokenUrl: settings.tokenUrl, oauth2RevokeUrl: settings.revokeUrl },
    transporterOptions: { timeout },
  });
  auth.setCredentials({
    access_token: options.tokens.accessToken,
    refresh_token: options.tokens.refreshToken,
    // (0 would read as "no expiry date"; an unknown expiry is treated as expired.)
    expiry_date: Math.max(1, options.tokens.expiresAt),
  });
  auth.on("tokens", (tokens) => {
    if (!tokens.access_token) return;
    // Google keeps the refresh token on refresh; a new one only replaces it if sent.
    if (tokens.refresh_token) refreshToken = tokens.refresh_token;
    persistence.persist({
      accessToken: tokens.access_token,
      refreshToken,
      expiresAt: tokens.expiry_date ?? Date.now() + 3_600_000,
      scope: tokens.scope ?? options.tokens.scope,
    });
  });

  const calendar = google.calendar({ version: "v3", auth, rootUrl: settings.apiRootUrl });
  const call = { retry: false, timeout };

  /**
   * Runs one adapter operation: maps failures, and waits until refreshed
   * tokens are stored. The library refreshes before expiry by itself; a 401
   * before that (token revoked or expired early) refreshes once here and runs
   * the operation again — every operation is safe to repeat. (The library's
   * own `forceRefreshOnFailure` would also refresh on every 403, rate limits
   * included.)
   */
  async function run<T>(work: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      try {
        result = await work();
      } catch (error) {
        if (googleStatus(error) !== 401 || googleReason(error) === "invalid_grant") throw error;
        await auth.refreshAccessToken();
        result = await work();
      }
    } catch (error) {
      await persistence.settle().catch(() => undefined);
      throw toGoogleProviderError(error);
    }
    await persistence.settle();
    return result;
  }

  /** Pages through events.list; returns the items with their calendar's zone, and the final sync token. */
  async function listAll(params: calendar_v3.Params$Resource$Events$List) {
    const items: Array<{ item: calendar_v3.Schema$Event; zone: string | null | undefined }> = [];
    let pageToken: string | undefined;
    for (;;) {
      const { data } = await calendar.events.list({ ...params, maxResults: PAGE_SIZE, pageToken }, call);
      for (const item of data.items ?? []) items.push({ item, zone: data.timeZone });
      if (!data.nextPageToken) return { items, nextSyncToken: data.nextSyncToken ?? undefined };
      pageToken = data.nextPageToken;
    }
  }

  async function fullListing(calendarId: string, range: Interval) {
    const { items, nextSyncToken } = await listAll({
      calendarId,
      singleEvents: true,
      showDeleted: false,
      timeMin: iso(range.start),
      timeMax: iso(range.end),
    });
    const events: ProviderEvent[] = [];
    for (const { item, zone } of items) {
      const event = toProviderEvent(item, zone);
      if (event && event.status !== "cancelled" && overlapsRange(event, range)) events.push(event);
    }
    return { events, nextSyncToken };
  }

  async function fullBatch(calendarId: string, range: Interval): Promise<SyncBatch> {
    const { events, nextSyncToken } = await fullListing(calendarId, range);
    if (!nextSyncToken) throw new CalendarProviderError("invalid", "Google returned no sync token.", { provider: "google" });
    return { changed: events, removedIds: [], full: true, cursor: nextSyncToken };
  }

  async function incrementalBatch(calendarId: string, syncToken: string, range: Interval): Promise<SyncBatch> {
    const { items, nextSyncToken } = await listAll({ calendarId, singleEvents: true, syncToken });
    const changed: ProviderEvent[] = [];
    const removedIds: string[] = [];
    for (const { item, zone } of items) {
      const event = toProviderEvent(item, zone);
      // Deleted items come as cancelled stubs. Changes that moved an occurrence
      // out of the range (Google reports them whatever the window) leave it too.
      if (event && event.status !== "cancelled" && overlapsRange(event, range)) changed.push(event);
      else if (item.id) removedIds.push(item.id);
    }
    if (!nextSyncToken) throw new CalendarProviderError("invalid", "Google returned no sync token.", { provider: "google" });
    return { changed, removedIds, full: false, cursor: nextSyncToken };
  }

  return {
    kind: "google",

    listCalendars: () =>
      run(async () => {
        const calendars: ProviderCalendar[] = [];
        let pageToken: string | undefined;
        do {
          const { data } = await calendar.calendarList.list({ maxResults: 250, pageToken }, call);
          for (const entry of data.items ?? []) {
            // Free/busy-only calendars cannot be listed (events.list answers 403), so they are not offered.
            if (!entry.id || entry.accessRole === "freeBusyReader") continue;
            const item: ProviderCalendar = {
              externalId: entry.id,
              name: entry.summaryOverride ?? entry.summary ?? entry.id,
              isPrimary: entry.primary === true,
              canWrite: WRITABLE_ROLES.has(entry.accessRole ?? ""),
            };
            if (entry.timeZone) item.timeZone = entry.timeZone;
            if (entry.backgroundColor) item.color = entry.backgroundColor;
            calendars.push(item);
          }
          pageToken = data.nextPageToken ?? undefined;
        } while (pageToken);
        return calendars;
      }),

    listEvents: (calendarId, range) => run(async () => (await fullListing(calendarId, range)).events),

    createEvent: (calendarId: string, event: EventWrite) =>
      run(async (): Promise<WrittenEvent> => {
        checkEventWrite(event, "google");
        const id = googleEventIdFor(event.idempotencyKey);
        try {
          const { data } = await calendar.events.insert(
            { calendarId, conferenceDataVersion: 1, sendUpdates: "all", requestBody: { ...toGoogleEventBody(event), id } },
            call,
          );
          return toWrittenEvent(data);
        } catch (error) {
          // 409 duplicate: an earlier attempt with this key got through (its answer
          // may have been lost, or was a 429/5xx after the write). Answer with it.
          if (googleStatus(error) !== 409) throw error;
          const { data } = await calendar.events.get({ calendarId, eventId: id }, call);
          if (data.status === "cancelled") {
            throw new CalendarProviderError(
              "invalid",
              "The event written for this idempotency key was deleted since; a new event needs a new key.",
              { provider: "google", status: 409, cause: error },
            );
          }
          return toWrittenEvent(data);
        }
      }),

    updateEvent: (calendarId, eventId, event) =>
      run(async () => {
        checkEventWrite(event, "google");
        const { data } = await calendar.events.patch(
          { calendarId, eventId, conferenceDataVersion: 1, sendUpdates: "all", requestBody: toGoogleEventBody(event) },
          call,
        );
        return toWrittenEvent(data);
      }),

    deleteEvent: (calendarId, eventId) =>
      run(async () => {
        try {
          await calendar.events.delete({ calendarId, eventId, sendUpdates: "all" }, call);
        } catch (error) {
          // 404: never there; 410: deleted already. Either way it is gone.
          const status = googleStatus(error);
          if (status !== 404 && status !== 410) throw error;
        }
      }),

    syncEvents: (calendarId, cursor, range) =>
      run(async () => {
        if (cursor === null) return fullBatch(calendarId, range);
        try {
          return await incrementalBatch(calendarId, cursor, range);
        } catch (error) {
          // 410 fullSyncRequired: Google forgot the token; start over with a full listing.
          if (googleStatus(error) === 410 || googleReason(error) === "fullSyncRequired") return fullBatch(calendarId, range);
          throw error;
        }
      }),

    watch: (calendarId, { channelId, callbackUrl, secret, ttlSeconds }) =>
      run(async (): Promise<PushChannel> => {
        const { data } = await calendar.events.watch(
          {
            calendarId,
            requestBody: { id: channelId, type: "web_hook", address: callbackUrl, token: secret, params: { ttl: String(Math.round(ttlSeconds)) } },
          },
          call,
        );
        const channel: PushChannel = { id: data.id ?? channelId, expiresAt: Number(data.expiration) };
        if (data.resourceId) channel.resourceId = data.resourceId;
        return channel;
      }),

    stopWatch: (channel) =>
      run(async () => {
        try {
          await calendar.channels.stop({ requestBody: { id: channel.id, resourceId: channel.resourceId } }, call);
        } catch (error) {
          // Expired or stopped already: nothing left to stop.
          if (googleStatus(error) !== 404) throw error;
        }
      }),

    revokeAccess: () =>
      run(async () => {
        try {
          // The refresh token: revoking it ends the grant, its access tokens included.
          await auth.revokeToken(refreshToken);
        } catch (error) {
          // Revoked or expired already (e.g. the host removed Kairos in their Google account): nothing left to revoke.
          if (googleStatus(error) !== 400 || googleReason(error) !== "invalid_token") throw error;
        }
      }),
  };
}
