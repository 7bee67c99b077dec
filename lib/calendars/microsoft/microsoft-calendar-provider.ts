/**
 * The Microsoft 365 / Outlook adapter: CalendarProvider on the Graph client
 * (`Client.initWithMiddleware`). The Graph client never refreshes tokens, so
 * this adapter does: before a call when the access token is (nearly)
 * expired, and once more after a 401 (a token revoked or expired early),
 * then retries that call. Entra rotates refresh tokens; every new pair goes
 * to `onTokens`, awaited before the method returns.
 *
 * Throttling: the Graph client's retry middleware honours Retry-After (POSTs
 * included — safe because creates carry a transactionId). It is allowed to
 * wait out short throttles only; a longer Retry-After surfaces at once as
 * "rate_limited" with `retryAfterMs`, for the caller's job queue.
 */
import { Client, RetryHandlerOptions, type GraphRequest } from "@microsoft/microsoft-graph-client";
import type { Interval } from "../../availability/types";
import { checkEventWrite } from "../check-event-write";
import { overlapsRange } from "../event-range";
import { TokenPersistence, type OAuthTokens, type OnTokens } from "../oauth-tokens";
import type { CalendarProvider, EventWrite, ProviderCalendar, ProviderEvent, PushChannel, SyncBatch } from "../provider";
import { CalendarProviderError } from "../provider-error";
import { parseRetryAfter } from "../retry-after";
import { requestEntraToken, type MicrosoftTransport } from "./entra-token";
import { GRAPH_EVENT_FIELDS, toGraphEventBody, toProviderEvent, toWrittenEvent, type GraphEvent } from "./graph-events";
import { graphCode, graphStatus, toMicrosoftProviderError } from "./microsoft-errors";
import { microsoftSettings, type MicrosoftSettings } from "./microsoft-settings";

export interface MicrosoftCalendarProviderOptions extends MicrosoftTransport {
  /** The account's tokens (decrypted). */
  tokens: OAuthTokens;
  /** Stores refreshed tokens; awaited before the method that refreshed returns. */
  onTokens?: OnTokens;
  /** Credentials and endpoints; default from configuration. */
  settings?: MicrosoftSettings;
  /**
   * The mailbox owner's IANA zone. Graph's all-day events are floating dates;
   * they become the local midnights of their days here. Default "UTC".
   */
  timeZone?: string;
  /** Longest Retry-After the Graph client may wait out by itself (default 5 s). */
  maxInlineRetryAfterMs?: number;
}

/**
 * Every optional method but revokeAccess: Graph cannot revoke one app's
 * delegated tokens (only all of a user's sessions, everywhere); a disconnect
 * just forgets them, and the host may remove the app's consent in their
 * Microsoft account.
 */
export interface MicrosoftCalendarProvider extends Required<Omit<CalendarProvider, "revokeAccess">> {
  /** Extends a Graph subscription (they last < 3 days here; renew well before `expiresAt`). */
  renewWatch(channel: PushChannel, ttlSeconds: number): Promise<PushChannel>;
}

/** Lifetime cap for event subscriptions Kairos asks for (minutes). */
export const MAX_SUBSCRIPTION_MINUTES = 4230;
/** Refresh this long before the access token's expiry, so it does not die mid-request. */
const REFRESH_SKEW_MS = 60_000;
const UTC_VIEW = 'outlook.timezone="UTC"';
const PAGE_SIZE = 250;

type Page<T> = { value?: T[]; "@odata.nextLink"?: string; "@odata.deltaLink"?: string };

const iso = (ms: number) => new Date(ms).toISOString();
const calendarPath = (calendarId: string) => `/me/calendars/${encodeURIComponent(calendarId)}`;

export function createMicrosoftCalendarProvider(options: MicrosoftCalendarProviderOptions): MicrosoftCalendarProvider {
  const settings = options.settings ?? microsoftSettings();
  const transport: MicrosoftTransport = { dispatcher: options.dispatcher, timeoutMs: options.timeoutMs };
  const timeout = options.timeoutMs ?? 30_000;
  const allDayZone = options.timeZone ?? "UTC";
  const maxInlineRetryAfterMs = options.maxInlineRetryAfterMs ?? 5_000;
  const persistence = new TokenPersistence(options.onTokens);
  let current: OAuthTokens = { ...options.tokens };
  let refreshing: Promise<void> | undefined;

  /** One refresh at a time; concurrent callers share it. */
  function refresh(): Promise<void> {
    refreshing ??= (async () => {
      try {
        const tokens = await requestEntraToken(settings, { grant_type: "refresh_token", refresh_token: current.refreshToken }, transport);
        current = {
          accessToken: tokens.accessToken,
          refreshToken: tokens.refreshToken ?? current.refreshToken,
          expiresAt: tokens.expiresAt,
          scope: tokens.scope || current.scope,
        };
        persistence.persist(current);
      } finally {
        refreshing = undefined;
      }
    })();
    return refreshing;
  }

  const client = Client.initWithMiddleware({
    baseUrl: settings.graphUrl,
    // The Graph client only sends the token to hosts it knows; an emulator's must be named (host only, no port).
    customHosts: new Set([new URL(settings.graphUrl).hostname]),
    // Freshness is ensured around each call (graph() below); this only hands the current token over.
    authProvider: { getAccessToken: async () => current.accessToken },
    ...(options.dispatcher ? { fetchOptions: { dispatcher: options.dispatcher } as Record<string, unknown> } : {}),
  });

  const retryOptions = new RetryHandlerOptions(1, 3, (_delay, _attempt, _request, _options, response) => {
    const retryAfter = parseRetryAfter(response.headers?.get("retry-after"));
    return retryAfter === undefined || retryAfter <= maxInlineRetryAfterMs;
  });

  /** A request with the adapter's retry policy and timeout (a fresh signal per attempt of graph()). */
  function api(path: string): GraphRequest {
    return client.api(path).middlewareOptions([retryOptions]).option("signal", AbortSignal.timeout(timeout));
  }

  /** Sends with a fresh token; after a 401, refreshes once and sends again. */
  async function graph<T>(send: () => Promise<T>): Promise<T> {
    if (current.expiresAt - REFRESH_SKEW_MS <= Date.now()) await refresh();
    try {
      return await send();
    } catch (error) {
      if (graphStatus(error) !== 401) throw error;
      await refresh();
      return send();
    }
  }

  /** Runs one adapter operation: maps failures, and waits until refreshed tokens are stored. */
  async function run<T>(work: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await work();
    } catch (error) {
      await persistence.settle().catch(() => undefined);
      throw toMicrosoftProviderError(error);
    }
    await persistence.settle();
    return result;
  }

  /** Follows @odata.nextLink to the end; returns the items and the deltaLink, if any. */
  async function drain<T>(first: () => GraphRequest, headers: Record<string, string>): Promise<{ items: T[]; deltaLink?: string }> {
    const items: T[] = [];
    let page: Page<T> = await graph(() => first().get());
    for (;;) {
      items.push(...(page.value ?? []));
      const next = page["@odata.nextLink"];
      if (!next) return { items, deltaLink: page["@odata.deltaLink"] };
      page = await graph(() => api(next).headers(headers).get());
    }
  }

  async function fullListing(calendarId: string, range: Interval): Promise<ProviderEvent[]> {
    const headers = { Prefer: UTC_VIEW };
    const { items } = await drain<GraphEvent>(
      () =>
        api(`${calendarPath(calendarId)}/calendarView`)
          .headers(headers)
          .query({ startDateTime: iso(range.start), endDateTime: iso(range.end) })
          .select(GRAPH_EVENT_FIELDS)
          .top(PAGE_SIZE),
      headers,
    );
    const events: ProviderEvent[] = [];
    for (const item of items) {
      const event = toProviderEvent(item, allDayZone);
      if (event && event.status !== "cancelled" && overlapsRange(event, range)) events.push(event);
    }
    return events;
  }

  const deltaHeaders = { Prefer: `${UTC_VIEW}, odata.maxpagesize=${PAGE_SIZE}` };

  /** One delta round: from the window (cursor null) or from a deltaLink. */
  async function deltaRound(calendarId: string, cursor: string | null, range: Interval): Promise<SyncBatch> {
    const first = cursor
      ? () => api(cursor).headers(deltaHeaders)
      : () =>
          api(`${calendarPath(calendarId)}/calendarView/delta`)
            .headers(deltaHeaders)
            .query({ startDateTime: iso(range.start), endDateTime: iso(range.end) });
    const { items, deltaLink } = await drain<GraphEvent>(first, deltaHeaders);
    if (!deltaLink) throw new CalendarProviderError("invalid", "Microsoft Graph ended a delta round without a deltaLink.", { provider: "microsoft" });
    const changed: ProviderEvent[] = [];
    const removedIds: string[] = [];
    for (const item of items) {
      const event = toProviderEvent(item, allDayZone);
      // @removed entries, cancelled meetings and occurrences moved out of the window all leave.
      if (event && event.status !== "cancelled" && overlapsRange(event, range)) changed.push(event);
      else if (item.id) removedIds.push(item.id);
    }
    return { changed, removedIds, full: cursor === null, cursor: deltaLink };
  }

  const provider: MicrosoftCalendarProvider = {
    kind: "microsoft",

    listCalendars: () =>
      run(async () => {
        type GraphCalendar = { id: string; name?: string; isDefaultCalendar?: boolean; canEdit?: boolean; hexColor?: string };
        const { items } = await drain<GraphCalendar>(() => api("/me/calendars").top(100), {});
        return items.map((c) => {
          const calendar: ProviderCalendar = {
            externalId: c.id,
            name: c.name ?? c.id,
            isPrimary: c.isDefaultCalendar === true,
            canWrite: c.canEdit === true,
          };
          if (c.hexColor) calendar.color = c.hexColor;
          return calendar;
        });
      }),

    listEvents: (calendarId, range) => run(() => fullListing(calendarId, range)),

    createEvent: (calendarId: string, event: EventWrite) =>
      run(async () => {
        checkEventWrite(event, "microsoft");
        // transactionId: Graph answers a repeated POST (ours, or the client's own 429 retry) with the first event.
        const created = await graph<GraphEvent>(() =>
          api(`${calendarPath(calendarId)}/events`)
            .header("Prefer", UTC_VIEW)
            .post({ ...toGraphEventBody(event), transactionId: event.idempotencyKey }),
        );
        return toWrittenEvent(created);
      }),

    updateEvent: (_calendarId, eventId, event) =>
      run(async () => {
        checkEventWrite(event, "microsoft");
        const updated = await graph<GraphEvent>(() =>
          api(`/me/events/${encodeURIComponent(eventId)}`).header("Prefer", UTC_VIEW).patch(toGraphEventBody(event)),
        );
        return toWrittenEvent(updated);
      }),

    deleteEvent: (_calendarId, eventId) =>
      run(async () => {
        try {
          await graph(() => api(`/me/events/${encodeURIComponent(eventId)}`).delete());
        } catch (error) {
          // Already gone: deleting is idempotent.
          if (graphStatus(error) !== 404 && graphStatus(error) !== 410) throw error;
        }
      }),

    syncEvents: (calendarId, cursor, range) =>
      run(async () => {
        if (cursor === null) return deltaRound(calendarId, null, range);
        try {
          return await deltaRound(calendarId, cursor, range);
        } catch (error) {
          // 410 syncStateNotFound (older services spell it SyncStateNotFound): the delta token is forgotten.
          if (graphStatus(error) === 410 || graphCode(error)?.toLowerCase() === "syncstatenotfound") {
            return deltaRound(calendarId, null, range);
          }
          throw error;
        }
      }),

    watch: (calendarId, { callbackUrl, secret, ttlSeconds }) =>
      run(async (): Promise<PushChannel> => {
        const minutes = Math.max(1, Math.min(ttlSeconds / 60, MAX_SUBSCRIPTION_MINUTES));
        const subscription = await graph<{ id: string; expirationDateTime: string }>(() =>
          api("/subscriptions").post({
            changeType: "created,updated,deleted",
            notificationUrl: callbackUrl,
            // Lifecycle events (reauthorizationRequired, subscriptionRemoved, missed) carry
            // `lifecycleEvent`, so one endpoint can take both kinds.
            lifecycleNotificationUrl: callbackUrl,
            resource: `me/calendars/${calendarId}/events`,
            expirationDateTime: iso(Date.now() + minutes * 60_000),
            clientState: secret,
          }),
        );
        return { id: subscription.id, expiresAt: Date.parse(subscription.expirationDateTime) };
      }),

    stopWatch: (channel) =>
      run(async () => {
        try {
          await graph(() => api(`/subscriptions/${encodeURIComponent(channel.id)}`).delete());
        } catch (error) {
          // Expired or removed already.
          if (graphStatus(error) !== 404) throw error;
        }
      }),

    renewWatch: (channel, ttlSeconds) =>
      run(async () => {
        const minutes = Math.max(1, Math.min(ttlSeconds / 60, MAX_SUBSCRIPTION_MINUTES));
        const renewed = await graph<{ expirationDateTime: string }>(() =>
          api(`/subscriptions/${encodeURIComponent(channel.id)}`).patch({ expirationDateTime: iso(Date.now() + minutes * 60_000) }),
        );
        return { ...channel, expiresAt: Date.parse(renewed.expirationDateTime) };
      }),
  };
  return provider;
}
