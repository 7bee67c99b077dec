/**
 * CalendarProvider for CalDAV servers (Radicale, Nextcloud, Fastmail, iCloud,
 * Baïkal, SOGo …), over tsdav's DAVClient with Basic auth.
 *
 * - Calendar ids are the calendar collections' URLs; event ids are iCalendar
 *   UIDs (recurring instances: "UID:instant", from expand-ical-events).
 * - Servers do not expand recurrences reliably (Radicale ignores <C:expand>),
 *   so we fetch masters and overrides and expand them ourselves.
 * - Writes are idempotent: the resource name derives from the idempotency key
 *   and creation uses If-None-Match: *, so a retried create finds the first.
 * - Sync uses RFC 6578 sync-collection where the server has it, else the ctag
 *   and per-object etags. No push: CalDAV is polled.
 */
import { DAVClient, type DAVAccount, type DAVCalendar, type DAVObject } from "tsdav";
import type { Interval } from "../../availability/types";
import { isValidTimeZone } from "../../time";
import { buildIcalEvent, icalUidFor } from "../ical/build-ical-event";
import { expandIcalEvents } from "../ical/expand-ical-events";
import { InvalidIcalendarError, parseIcalendar } from "../ical/parse-icalendar";
import { resolveTimeZoneId } from "../ical/resolve-time-zone-id";
import type { CalendarProvider, ProviderCalendar, ProviderEvent, SyncBatch, WrittenEvent } from "../provider";
import { CalendarProviderError } from "../provider-error";
import { syncWindowFor, windowCovers } from "../ical/sync-window";
import { createCalDavFetch, statusError, toCalDavError } from "./caldav-errors";
import { decodeCalDavCursor, encodeCalDavCursor, type CalDavCursor } from "./caldav-sync-cursor";

export interface CalDavProviderOptions {
  /** The server's address; service discovery (/.well-known/caldav) finds the rest. */
  serverUrl: string;
  username: string;
  password: string;
  fetch?: typeof fetch;
  /**
   * The host's IANA zone: floating times and all-day events of calendars that
   * declare no calendar-timezone are read in it. Defaults to UTC.
   */
  timeZone?: string;
  /** Per-request timeout (default 20 s). */
  timeoutMs?: number;
  now?: () => number;
}

const PROVIDER = "caldav";
const DEFAULT_TIMEOUT_MS = 20_000;
/** Calendar-query / multiget answers are parsed whole: ask for objects in slices. */
const MULTIGET_BATCH = 100;

interface Session {
  client: DAVClient;
  account: DAVAccount;
  /** The account's own addresses (calendar-user-address-set, or the username when it is one). */
  selfEmails: string[];
}

interface StoredObject {
  url: string;
  etag?: string;
  data: string;
}

export function createCalDavCalendarProvider(options: CalDavProviderOptions): CalendarProvider {
  const davFetch = createCalDavFetch(options.fetch ?? fetch, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const now = options.now ?? Date.now;
  const fallbackZone = options.timeZone && isValidTimeZone(options.timeZone) ? options.timeZone : "UTC";
  const zones = new Map<string, string>();
  let session: Promise<Session> | null = null;

  function connect(): Promise<Session> {
    session ??= (async () => {
      const client = new DAVClient({
        serverUrl: options.serverUrl,
        credentials: { username: options.username, password: options.password },
        // Basic auth, but encoded as UTF-8: tsdav's own "Basic" uses btoa(),
        // which throws on any password character outside Latin-1.
        authMethod: "Custom",
        authFunction: async () => ({ authorization: basicAuthorization(options.username, options.password) }),
        defaultAccountType: "caldav",
        fetch: davFetch,
      });
      await client.login();
      if (!client.account?.homeUrl) throw new CalendarProviderError("invalid", "The CalDAV server names no calendar home for this account.", { provider: PROVIDER });
      return { client, account: client.account, selfEmails: await ownAddresses(client, client.account, options.username) };
    })().catch((error: unknown) => {
      session = null;
      throw toCalDavError(error, "sign in to the CalDAV server");
    });
    return session;
  }

  /** The calendar's URL, refusing any that is not on this account's server (ids come from storage). */
  function calendarUrl(calendarId: string, account: DAVAccount): string {
    let url: URL;
    try {
      url = new URL(calendarId);
    } catch {
      throw new CalendarProviderError("not_found", `Calendar ${calendarId} is not a CalDAV calendar URL.`, { provider: PROVIDER });
    }
    const allowed = new Set([new URL(options.serverUrl).origin, new URL(account.homeUrl!).origin, new URL(account.rootUrl ?? account.homeUrl!).origin]);
    if (!allowed.has(url.origin)) {
      throw new CalendarProviderError("not_found", `Calendar ${calendarId} is not on this CalDAV server.`, { provider: PROVIDER });
    }
    return url.href.endsWith("/") ? url.href : `${url.href}/`;
  }

  /** The zone floating and all-day times of a calendar are read in (its calendar-timezone), cached. */
  async function calendarZone({ client }: Session, url: string): Promise<string> {
    const cached = zones.get(url);
    if (cached) return cached;
    const [response] = await client.propfind({ url, depth: "0", props: { "c:calendar-timezone": {}, "c:calendar-timezone-id": {}, "d:resourcetype": {} } });
    if (!response?.ok) throw statusError(response?.status ?? 404, `Calendar ${url} was not found`);
    const zone = zoneOfCalendar(response.props) ?? fallbackZone;
    zones.set(url, zone);
    return zone;
  }

  function expandObjects(objects: StoredObject[], range: Interval, zone: string, selfEmails: string[]): Map<string, ProviderEvent[]> {
    const byObject = new Map<string, ProviderEvent[]>();
    for (const object of objects) {
      try {
        byObject.set(object.url, expandIcalEvents(object.data, { range, defaultTimeZone: zone, selfEmails, etag: object.etag }));
      } catch (error) {
        // One unreadable object must not hide the rest of the calendar.
        if (!(error instanceof InvalidIcalendarError)) throw error;
        byObject.set(object.url, []);
      }
    }
    return byObject;
  }

  /** Every object with an instance in `range` (the server filters by time-range, recurrences included). */
  async function objectsIn({ client }: Session, url: string, range: Interval): Promise<StoredObject[]> {
    const objects = await client.fetchCalendarObjects({
      calendar: { url },
      timeRange: { start: new Date(range.start).toISOString(), end: new Date(range.end).toISOString() },
      urlFilter: (objectUrl) => !sameUrl(objectUrl, url),
    });
    return storedObjects(objects);
  }

  async function multiget({ client }: Session, url: string, objectUrls: string[]): Promise<StoredObject[]> {
    const found: StoredObject[] = [];
    for (let i = 0; i < objectUrls.length; i += MULTIGET_BATCH) {
      const responses = await client.calendarMultiGet({
        url,
        props: { "d:getetag": {}, "c:calendar-data": {} },
        objectUrls: objectUrls.slice(i, i + MULTIGET_BATCH).map((objectUrl) => new URL(objectUrl, url).pathname),
        depth: "1",
      });
      found.push(
        ...storedObjects(
          responses.map((response) => ({
            url: new URL(response.href ?? "", url).href,
            etag: response.props?.getetag === undefined ? undefined : String(response.props.getetag),
            data: response.props?.calendarData?._cdata ?? response.props?.calendarData,
          })),
        ),
      );
    }
    return found;
  }

  /** GET one object; null when it does not exist. */
  async function getObject({ client }: Session, objectUrl: string): Promise<StoredObject | null> {
    const response = await davFetch(objectUrl, { headers: { ...client.authHeaders, accept: "text/calendar" } });
    if (response.status === 404 || response.status === 410) return null;
    if (!response.ok) throw statusError(response.status, `Could not read ${objectUrl}: ${response.status} ${response.statusText}`);
    return { url: objectUrl, etag: response.headers.get("etag") ?? undefined, data: await response.text() };
  }

  /** The object holding event `eventId` (a UID): at its usual name first, else by a UID query. */
  async function locate(current: Session, url: string, eventId: string): Promise<StoredObject | null> {
    if (/^[A-Za-z0-9._@+-]+$/.test(eventId)) {
      const direct = await getObject(current, new URL(`${encodeURIComponent(eventId)}.ics`, url).href);
      if (direct) return direct;
    }
    const responses = await current.client.calendarQuery({
      url,
      depth: "1",
      props: { "d:getetag": {} },
      filters: {
        "comp-filter": {
          _attributes: { name: "VCALENDAR" },
          "comp-filter": {
            _attributes: { name: "VEVENT" },
            "prop-filter": { _attributes: { name: "UID" }, "text-match": { _attributes: { collation: "i;octet" }, _text: eventId } },
          },
        },
      },
    });
    const href = responses.find((response) => response.href && !sameUrl(new URL(response.href, url).href, url))?.href;
    return href ? getObject(current, new URL(href, url).href) : null;
  }

  async function fullSync(current: Session, url: string, range: Interval): Promise<SyncBatch> {
    const window = syncWindowFor(range);
    // The token is read before the listing, so a change made while we list is
    // reported (again) next time rather than lost.
    const [state] = await current.client.propfind({ url, depth: "0", props: { "d:sync-token": {}, "cs:getctag": {} } });
    if (!state?.ok) throw statusError(state?.status ?? 404, `Calendar ${url} was not found`);
    const zone = await calendarZone(current, url);
    const objects = await objectsIn(current, url, window);
    const expanded = expandObjects(objects, window, zone, current.selfEmails);

    const cursor: CalDavCursor = { v: 1, window, zone, objects: {} };
    const token = state.props?.syncToken;
    if (typeof token === "string" && token) cursor.token = token;
    const ctag = state.props?.getctag;
    if (ctag !== undefined && ctag !== null && `${ctag}` !== "") cursor.ctag = `${ctag}`;
    const changed: ProviderEvent[] = [];
    for (const object of objects) {
      const events = expanded.get(object.url) ?? [];
      cursor.objects[objectName(object.url)] = { etag: object.etag, ids: events.map((event) => event.externalId) };
      changed.push(...events);
    }
    return { changed: sortEvents(changed), removedIds: [], full: true, cursor: encodeCalDavCursor(cursor) };
  }

  /** Applies changed and deleted objects to the cursor and says which occurrences changed or went. */
  async function applyChanges(current: Session, url: string, cursor: CalDavCursor, changedUrls: string[], deletedUrls: string[]): Promise<{ changed: ProviderEvent[]; removedIds: string[] } | null> {
    let objects: StoredObject[] = [];
    try {
      objects = changedUrls.length ? await multiget(current, url, changedUrls) : [];
    } catch (error) {
      // tsdav throws when one of the objects is gone by now (deleted right
      // after it changed); auth, throttling and network failures still count.
      if (error instanceof CalendarProviderError) throw error;
      return null;
    }
    // An object changed and then deleted before we fetched it: start over.
    if (objects.length < changedUrls.length) return null;
    const expanded = expandObjects(objects, cursor.window, cursor.zone, current.selfEmails);

    const changed: ProviderEvent[] = [];
    const removedIds: string[] = [];
    for (const object of objects) {
      const name = objectName(object.url);
      const events = expanded.get(object.url) ?? [];
      const ids = new Set(events.map((event) => event.externalId));
      removedIds.push(...(cursor.objects[name]?.ids ?? []).filter((id) => !ids.has(id)));
      changed.push(...events);
      cursor.objects[name] = { etag: object.etag, ids: [...ids] };
    }
    for (const deletedUrl of deletedUrls) {
      const name = objectName(deletedUrl);
      removedIds.push(...(cursor.objects[name]?.ids ?? []));
      delete cursor.objects[name];
    }
    return { changed: sortEvents(changed), removedIds };
  }

  return {
    kind: "caldav",

    async listCalendars(): Promise<ProviderCalendar[]> {
      const current = await connect();
      try {
        const calendars = await current.client.fetchCalendars({
          props: {
            "d:displayname": {},
            "d:resourcetype": {},
            "c:calendar-description": {},
            "c:calendar-timezone": {},
            "c:calendar-timezone-id": {},
            "ca:calendar-color": {},
            "cs:getctag": {},
            "d:sync-token": {},
            "c:supported-calendar-component-set": {},
            "d:current-user-privilege-set": {},
          },
          projectedProps: { currentUserPrivilegeSet: true, calendarTimezoneId: true },
        });
        const eventCalendars = calendars.filter((calendar) => !calendar.components?.length || calendar.components.includes("VEVENT"));
        const mapped = eventCalendars.map((calendar) => toProviderCalendar(calendar));
        const primary = mapped.find((calendar) => calendar.canWrite) ?? mapped[0];
        if (primary) primary.isPrimary = true;
        for (const calendar of mapped) if (calendar.timeZone) zones.set(calendar.externalId, calendar.timeZone);
        return mapped;
      } catch (error) {
        throw toCalDavError(error, "list the calendars");
      }
    },

    async listEvents(calendarId, range) {
      const current = await connect();
      const url = calendarUrl(calendarId, current.account);
      try {
        const zone = await calendarZone(current, url);
        const objects = await objectsIn(current, url, range);
        const expanded = expandObjects(objects, range, zone, current.selfEmails);
        return sortEvents([...expanded.values()].flat());
      } catch (error) {
        throw toCalDavError(error, "list the events");
      }
    },

    async createEvent(calendarId, event): Promise<WrittenEvent> {
      const current = await connect();
      const url = calendarUrl(calendarId, current.account);
      const uid = icalUidFor(event.idempotencyKey);
      const filename = `${uid}.ics`;
      const objectUrl = new URL(filename, url).href;
      try {
        const response = await current.client.createCalendarObject({
          calendar: { url },
          filename,
          iCalString: buildIcalEvent(event, { uid, sequence: 0, now: now(), organizer: organizerOf(current) }),
        });
        if (response.status === 412) {
          // If-None-Match: * failed — this key's event exists already: the same write, retried.
          const existing = await getObject(current, objectUrl);
          if (!existing) throw new CalendarProviderError("transient", "The event was being created and deleted at the same time; try again.", { provider: PROVIDER, status: 412 });
          return { externalId: uid, etag: existing.etag };
        }
        if (!response.ok) throw statusError(response.status, `Could not create the event: ${response.status} ${response.statusText}`);
        return { externalId: uid, etag: response.headers.get("etag") ?? (await getObject(current, objectUrl))?.etag };
      } catch (error) {
        throw toCalDavError(error, "create the event");
      }
    },

    async updateEvent(calendarId, eventId, event): Promise<WrittenEvent> {
      const current = await connect();
      const url = calendarUrl(calendarId, current.account);
      try {
        // Twice at most: If-Match fails only when someone changed the event
        // between our read and write; the second round writes over that.
        for (let attempt = 0; attempt < 2; attempt++) {
          const existing = await locate(current, url, eventId);
          if (!existing) throw notFound(eventId);
          const response = await current.client.updateCalendarObject({
            calendarObject: {
              url: existing.url,
              etag: existing.etag,
              data: buildIcalEvent(event, { uid: eventId, sequence: sequenceOf(existing.data) + 1, now: now(), organizer: organizerOf(current) }),
            },
          });
          if (response.status === 412) continue;
          if (response.status === 404 || response.status === 410) throw notFound(eventId);
          // Radicale answers 201 to an update, others 204 or 200.
          if (!response.ok) throw statusError(response.status, `Could not update the event: ${response.status} ${response.statusText}`);
          return { externalId: eventId, etag: response.headers.get("etag") ?? (await getObject(current, existing.url))?.etag };
        }
        throw new CalendarProviderError("transient", "The event kept changing while we updated it; try again.", { provider: PROVIDER, status: 412 });
      } catch (error) {
        throw toCalDavError(error, "update the event");
      }
    },

    async deleteEvent(calendarId, eventId) {
      const current = await connect();
      const url = calendarUrl(calendarId, current.account);
      try {
        const existing = await locate(current, url, eventId);
        if (!existing) {
          if (looksLikeOccurrenceId(eventId)) throw occurrenceNotSupported(eventId);
          return;
        }
        const response = await current.client.deleteCalendarObject({ calendarObject: { url: existing.url } });
        if (response.ok || response.status === 404 || response.status === 410) return;
        throw statusError(response.status, `Could not delete the event: ${response.status} ${response.statusText}`);
      } catch (error) {
        throw toCalDavError(error, "delete the event");
      }
    },

    async syncEvents(calendarId, cursorValue, range) {
      const current = await connect();
      const url = calendarUrl(calendarId, current.account);
      try {
        const cursor = decodeCalDavCursor(cursorValue);
        if (!cursor || !windowCovers(cursor.window, range)) return await fullSync(current, url, range);

        if (cursor.token) {
          const responses = await current.client.syncCollection({ url, props: { "d:getetag": {} }, syncLevel: 1, syncToken: cursor.token });
          const failed = responses.find((response) => !response.ok && (!response.href || sameUrl(new URL(response.href, url).href, url)));
          // The server forgot the token (Radicale: 403 valid-sync-token; others 409/410/412).
          if (failed) return await fullSync(current, url, range);
          const members = responses.filter((response) => response.href && !sameUrl(new URL(response.href, url).href, url));
          const changedUrls = members.filter((response) => response.status !== 404).map((response) => new URL(response.href!, url).href);
          const deletedUrls = members.filter((response) => response.status === 404).map((response) => new URL(response.href!, url).href);
          const applied = await applyChanges(current, url, cursor, changedUrls, deletedUrls);
          if (!applied) return await fullSync(current, url, range);
          const token = responses[0]?.raw?.multistatus?.syncToken;
          if (typeof token === "string" && token) cursor.token = token;
          return { ...applied, full: false, cursor: encodeCalDavCursor(cursor) };
        }

        // No sync-collection: the ctag says whether anything changed, etags say what.
        const { isDirty, newCtag } = await current.client.isCollectionDirty({ collection: { url, ctag: cursor.ctag } });
        if (!isDirty) return { changed: [], removedIds: [], full: false, cursor: encodeCalDavCursor(cursor) };
        const listed = await current.client.calendarQuery({
          url,
          depth: "1",
          props: { "d:getetag": {} },
          filters: timeRangeFilter(cursor.window),
        });
        const present = new Map<string, string | undefined>();
        for (const response of listed) {
          if (!response.href) continue;
          const objectUrl = new URL(response.href, url).href;
          if (!sameUrl(objectUrl, url)) present.set(objectName(objectUrl), response.props?.getetag === undefined ? undefined : String(response.props.getetag));
        }
        const changedUrls = [...present].filter(([name, etag]) => !cursor.objects[name] || cursor.objects[name].etag !== etag).map(([name]) => new URL(name, url).href);
        const deletedUrls = Object.keys(cursor.objects).filter((name) => !present.has(name)).map((name) => new URL(name, url).href);
        const applied = await applyChanges(current, url, cursor, changedUrls, deletedUrls);
        if (!applied) return await fullSync(current, url, range);
        if (newCtag) cursor.ctag = newCtag;
        return { ...applied, full: false, cursor: encodeCalDavCursor(cursor) };
      } catch (error) {
        throw toCalDavError(error, "sync the calendar");
      }
    },
  };
}

// ---------------------------------------------------------------------------

function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}`;
}

/** The account's e-mail addresses, used to read its own PARTSTAT and as ORGANIZER. */
async function ownAddresses(client: DAVClient, account: DAVAccount, username: string): Promise<string[]> {
  const addresses = new Set<string>();
  try {
    for (const address of await client.fetchCalendarUserAddresses({ account })) {
      const email = address.replace(/^mailto:/i, "").trim().toLowerCase();
      if (/^[^\s@]+@[^\s@]+$/.test(email)) addresses.add(email);
    }
  } catch {
    // Many servers (Radicale among them) do not publish calendar-user-address-set.
  }
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(username)) addresses.add(username.toLowerCase());
  return [...addresses];
}

function organizerOf(session: Session): { email: string } | undefined {
  const email = session.selfEmails[0];
  return email ? { email } : undefined;
}

function toProviderCalendar(calendar: DAVCalendar): ProviderCalendar {
  const projected = (calendar.projectedProps ?? {}) as Record<string, unknown>;
  const result: ProviderCalendar = {
    externalId: calendar.url,
    name: displayName(calendar),
    isPrimary: false,
    canWrite: canWrite(projected.currentUserPrivilegeSet),
  };
  const zone = zoneOfCalendar({ calendarTimezoneId: projected.calendarTimezoneId, calendarTimezone: calendar.timezone });
  if (zone) result.timeZone = zone;
  const color = typeof calendar.calendarColor === "string" ? /^#([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(calendar.calendarColor.trim()) : null;
  if (color) result.color = `#${color[1].toLowerCase()}`;
  return result;
}

function displayName(calendar: DAVCalendar): string {
  if (typeof calendar.displayName === "string" && calendar.displayName.trim()) return calendar.displayName.trim();
  const segments = new URL(calendar.url).pathname.split("/").filter(Boolean);
  return decodeURIComponent(segments.at(-1) ?? "Calendar");
}

/**
 * Write access from DAV:current-user-privilege-set when the server tells
 * (read-only shares and subscriptions lack write/bind); true when it does not.
 */
function canWrite(privilegeSet: unknown): boolean {
  if (!privilegeSet || typeof privilegeSet !== "object") return true;
  const privileges = (privilegeSet as { privilege?: unknown }).privilege;
  const list = Array.isArray(privileges) ? privileges : privileges ? [privileges] : [];
  if (list.length === 0) return true;
  const names = new Set(list.flatMap((privilege) => (privilege && typeof privilege === "object" ? Object.keys(privilege) : [])));
  return ["all", "write", "writeContent", "bind"].some((name) => names.has(name));
}

/** The IANA zone of a calendar: calendar-timezone-id (RFC 7809) or the TZID of calendar-timezone. */
function zoneOfCalendar(props: Record<string, unknown> | undefined): string | undefined {
  const id = props?.calendarTimezoneId;
  if (typeof id === "string") {
    const zone = resolveTimeZoneId(id);
    if (zone && isValidTimeZone(zone)) return zone;
  }
  const raw = props?.calendarTimezone as unknown;
  const text = typeof raw === "string" ? raw : raw && typeof raw === "object" && "_cdata" in raw ? String((raw as { _cdata: unknown })._cdata) : undefined;
  if (!text) return undefined;
  try {
    for (const calendar of parseIcalendar(text)) {
      const tzid = calendar.getFirstSubcomponent("vtimezone")?.getFirstPropertyValue("tzid");
      const zone = typeof tzid === "string" ? resolveTimeZoneId(tzid) : null;
      if (zone && isValidTimeZone(zone)) return zone;
    }
  } catch {
    // An unreadable calendar-timezone is as good as none.
  }
  return undefined;
}

function storedObjects(objects: DAVObject[]): StoredObject[] {
  return objects
    .filter((object) => typeof object.data === "string" && object.data.trim() !== "")
    .map((object) => ({ url: object.url, etag: object.etag, data: object.data as string }));
}

function timeRangeFilter(range: Interval) {
  const format = (ms: number) => `${new Date(ms).toISOString().slice(0, 19).replace(/[-:]/g, "")}Z`;
  return {
    "comp-filter": {
      _attributes: { name: "VCALENDAR" },
      "comp-filter": { _attributes: { name: "VEVENT" }, "time-range": { _attributes: { start: format(range.start), end: format(range.end) } } },
    },
  };
}

function objectName(objectUrl: string): string {
  return new URL(objectUrl).pathname.split("/").filter(Boolean).at(-1) ?? objectUrl;
}

function sameUrl(a: string, b: string): boolean {
  const path = (value: string) => decodeURIComponent(new URL(value, "http://x").pathname).replace(/\/+$/, "");
  return path(a) === path(b);
}

function sequenceOf(ics: string): number {
  const match = /^SEQUENCE:(\d+)/m.exec(ics.replace(/\r\n[ \t]/g, ""));
  return match ? Number(match[1]) : 0;
}

function sortEvents(events: ProviderEvent[]): ProviderEvent[] {
  return events.sort((a, b) => a.start - b.start || a.end - b.end || (a.externalId < b.externalId ? -1 : 1));
}

function notFound(eventId: string): CalendarProviderError {
  if (looksLikeOccurrenceId(eventId)) return occurrenceNotSupported(eventId);
  return new CalendarProviderError("not_found", `Event ${eventId} was not found in the calendar.`, { provider: PROVIDER, status: 404 });
}

/** "UID:2026-03-02T14:00:00.000Z" / "UID:2026-03-02": an instance id from expandIcalEvents. */
function looksLikeOccurrenceId(eventId: string): boolean {
  return /:\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}\.\d{3}Z)?$/.test(eventId);
}

function occurrenceNotSupported(eventId: string): CalendarProviderError {
  return new CalendarProviderError("invalid", `Event ${eventId} is one instance of a recurring event; Kairos only writes whole events it created.`, { provider: PROVIDER });
}
