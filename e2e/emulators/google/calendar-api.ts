/**
 * Google Calendar API v3 under /calendar/v3/: calendarList, calendars, events (list with
 * singleEvents/sync tokens/paging, get, insert, patch, update, delete, instances, watch),
 * freeBusy and channels.stop.
 */
import { randomBytes } from "node:crypto";
import { isIanaZone, parseInstant } from "../shared/zoned-time";
import { json, noContent, readJsonBody, type RouteRequest, type Router } from "../shared/router";
import {
  fullSyncRequired,
  googleError,
  invalid,
  notFound,
  parseError,
  required,
  timeRangeEmpty,
  writerAccessRequired,
} from "./errors";
import { renderEvent, renderInstance, type RenderContext } from "./events";
import { busyIntervals, instanceRowsOf, listRows, type ListQuery } from "./listing";
import { CALENDAR_COLORS, GOOGLE_SCOPES, SCOPES_FOR, type GoogleAccount, type GoogleCalendar } from "./model";
import { authenticate, type GoogleOAuthContext } from "./oauth-api";
import type { GoogleState, WriteOptions } from "./state";

export interface GoogleCalendarContext extends GoogleOAuthContext {
  /** Whether watch channels may use http:// addresses (Google itself demands https). */
  allowHttpWebhooks: boolean;
}

interface PageState {
  signature: string;
  items: Record<string, unknown>[];
  offset: number;
  pageSize: number;
  nextSyncToken?: string;
  envelope: Record<string, unknown>;
}

const MAX_FREEBUSY_RANGE_MS = 90 * 86_400_000;
const DEFAULT_CHANNEL_TTL_S = 7 * 86_400;

function bool(request: RouteRequest, name: string, fallback = false): boolean {
  const v = request.query.get(name);
  if (v === null) return fallback;
  if (v === "true") return true;
  if (v === "false") return false;
  throw invalid(`Invalid value for: ${name}`, name);
}

function int(request: RouteRequest, name: string, fallback: number, min: number, max: number): number {
  const v = request.query.get(name);
  if (v === null) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw invalid(`Invalid value for: ${name}`, name);
  return Math.min(n, max);
}

function instant(request: RouteRequest, name: string): number | undefined {
  const v = request.query.get(name);
  if (v === null) return undefined;
  const ms = parseInstant(v);
  if (ms === null) throw invalid("Bad Request", name);
  return ms;
}

function zoneParam(request: RouteRequest, calendar: GoogleCalendar): string {
  const zone = request.query.get("timeZone");
  if (zone === null) return calendar.timeZone;
  if (!isIanaZone(zone)) throw invalid("Invalid time zone definition.", "timeZone");
  return zone;
}

function listEnvelope(calendar: GoogleCalendar, accessRole: string, state: GoogleState) {
  let latest = 0;
  for (const e of state.store(calendar.id).values()) latest = Math.max(latest, e.updated);
  return {
    kind: "calendar#events",
    etag: `"${latest * 1000 || Date.now() * 1000}"`,
    summary: calendar.summary,
    ...(calendar.description ? { description: calendar.description } : {}),
    updated: new Date(latest || Date.now()).toISOString(),
    timeZone: calendar.timeZone,
    accessRole,
    defaultReminders: accessRole === "owner" || accessRole === "writer" ? [{ method: "popup", minutes: 10 }] : [],
  };
}

export function registerGoogleCalendarRoutes(router: Router, ctx: GoogleCalendarContext): void {
  const { state } = ctx;
  const pages = new Map<string, PageState>();
  const body = (request: RouteRequest) => readJsonBody<Record<string, unknown>>(request, parseError);

  /** The calendar behind a path id, with the caller's role; 404 when the caller cannot see it. */
  const access = (account: GoogleAccount, rawId: string, need: "read" | "write" | "freeBusy" = "read") => {
    const calendarId = state.resolveCalendarId(account.id, rawId);
    const calendar = state.calendars.get(calendarId);
    const entry = calendar ? state.entry(account.id, calendarId) : undefined;
    if (!calendar || !entry) throw notFound();
    if (need === "write" && entry.accessRole !== "owner" && entry.accessRole !== "writer") throw writerAccessRequired();
    if (need === "read" && entry.accessRole === "freeBusyReader") throw googleError(403, "forbidden", "Forbidden");
    return { calendar, entry };
  };

  const renderCtx = (calendar: GoogleCalendar, responseZone: string): RenderContext => ({
    calendar,
    owner: state.calendarOwner(calendar),
    responseZone,
  });

  const writeOptions = (request: RouteRequest, account: GoogleAccount): WriteOptions => {
    const version = request.query.get("conferenceDataVersion");
    if (version !== null && version !== "0" && version !== "1") throw invalid("Invalid value for: conferenceDataVersion", "conferenceDataVersion");
    const sendUpdates = request.query.get("sendUpdates");
    if (sendUpdates !== null && !["all", "externalOnly", "none"].includes(sendUpdates)) {
      throw invalid("Invalid value for: sendUpdates", "sendUpdates");
    }
    return { actorAccountId: account.id, conferenceDataVersion: version === "1" ? 1 : 0 };
  };

  const paginate = (signature: string, items: Record<string, unknown>[], pageSize: number, envelope: Record<string, unknown>, nextSyncToken?: string) => {
    const page: PageState = { signature, items, offset: 0, pageSize, nextSyncToken, envelope };
    return pageOut(page);
  };
  const pageOut = (page: PageState) => {
    const slice = page.items.slice(page.offset, page.offset + page.pageSize);
    const out: Record<string, unknown> = { ...page.envelope };
    if (page.offset + page.pageSize < page.items.length) {
      const token = randomBytes(18).toString("base64url");
      pages.set(token, { ...page, offset: page.offset + page.pageSize });
      out.nextPageToken = token;
    } else if (page.nextSyncToken) {
      out.nextSyncToken = page.nextSyncToken;
    }
    out.items = slice;
    return json(200, out);
  };
  const signatureOf = (request: RouteRequest, calendarId: string) => {
    const params = [...request.query.entries()].filter(([k]) => k !== "pageToken" && k !== "maxResults" && k !== "alt");
    params.sort(([a], [b]) => a.localeCompare(b));
    return `${request.route}\n${calendarId}\n${JSON.stringify(params)}`;
  };
  const continuePage = (request: RouteRequest, calendarId: string) => {
    const token = request.query.get("pageToken");
    if (token === null) return undefined;
    const page = pages.get(token);
    if (!page || page.signature !== signatureOf(request, calendarId)) throw invalid("Invalid page token value.", "pageToken");
    pages.delete(token);
    return pageOut({ ...page, pageSize: int(request, "maxResults", page.pageSize, 1, 2500) });
  };

  // --- calendarList ---------------------------------------------------------------------------

  const calendarListEntry = (account: GoogleAccount, calendarId: string) => {
    const entry = state.entry(account.id, calendarId)!;
    const calendar = state.calendars.get(calendarId)!;
    const colorId = entry.colorId ?? calendar.colorId;
    const out: Record<string, unknown> = {
      kind: "calendar#calendarListEntry",
      etag: calendar.etag,
      id: calendar.id,
      summary: calendar.summary,
    };
    if (calendar.description) out.description = calendar.description;
    Object.assign(out, {
      timeZone: calendar.timeZone,
      colorId,
      backgroundColor: CALENDAR_COLORS[colorId] ?? "#9fe1e7",
      foregroundColor: "#000000",
      selected: entry.selected,
      accessRole: entry.accessRole,
      defaultReminders: entry.accessRole === "owner" ? [{ method: "popup", minutes: 10 }] : [],
    });
    if (entry.primary) {
      out.notificationSettings = {
        notifications: [
          { type: "eventCreation", method: "email" },
          { type: "eventChange", method: "email" },
          { type: "eventCancellation", method: "email" },
          { type: "eventResponse", method: "email" },
        ],
      };
      out.primary = true;
    }
    if (entry.hidden) out.hidden = true;
    out.conferenceProperties = { allowedConferenceSolutionTypes: ["hangoutsMeet"] };
    return out;
  };

  router.get("/calendar/v3/users/me/calendarList", (request) => {
    const { account } = authenticate(ctx, request, SCOPES_FOR.readCalendars);
    const continued = continuePage(request, "calendarList");
    if (continued) return continued;
    const showHidden = bool(request, "showHidden");
    const minRole = request.query.get("minAccessRole");
    const order = ["freeBusyReader", "reader", "writer", "owner"];
    if (minRole !== null && !order.includes(minRole)) throw invalid("Invalid value for: minAccessRole", "minAccessRole");
    const items = state.listEntries
      .filter((e) => e.accountId === account.id && (showHidden || !e.hidden))
      .filter((e) => minRole === null || order.indexOf(e.accessRole) >= order.indexOf(minRole))
      .map((e) => calendarListEntry(account, e.calendarId));
    const envelope = { kind: "calendar#calendarList", etag: `"${Date.now()}000"` };
    // (calendarList sync tokens are not emulated, so none is offered.)
    return paginate(signatureOf(request, "calendarList"), items, int(request, "maxResults", 100, 1, 250), envelope);
  });

  router.get("/calendar/v3/users/me/calendarList/:calendarId", (request) => {
    const { account } = authenticate(ctx, request, SCOPES_FOR.readCalendars);
    const calendarId = state.resolveCalendarId(account.id, request.params.calendarId);
    if (!state.entry(account.id, calendarId)) throw notFound();
    return json(200, calendarListEntry(account, calendarId));
  });

  // calendarList.delete: the account stops listing the calendar (as "Unsubscribe" in Google's UI).
  // The calendar, its events and its watch channels stay.
  router.delete("/calendar/v3/users/me/calendarList/:calendarId", (request) => {
    const { account } = authenticate(ctx, request, [GOOGLE_SCOPES.calendar, GOOGLE_SCOPES.calendarList]);
    const calendarId = state.resolveCalendarId(account.id, request.params.calendarId);
    const entry = state.entry(account.id, calendarId);
    if (!entry) throw notFound();
    if (entry.primary) throw googleError(403, "cannotChangeOwnPrimarySubscription", "You cannot change your own primary subscription.");
    state.removeListEntry(account.id, calendarId);
    return noContent();
  });

  // --- calendars ------------------------------------------------------------------------------

  const calendarResource = (calendar: GoogleCalendar) => ({
    kind: "calendar#calendar",
    etag: calendar.etag,
    id: calendar.id,
    summary: calendar.summary,
    ...(calendar.description ? { description: calendar.description } : {}),
    timeZone: calendar.timeZone,
    conferenceProperties: { allowedConferenceSolutionTypes: ["hangoutsMeet"] },
  });

  router.post("/calendar/v3/calendars", (request) => {
    const { account } = authenticate(ctx, request, [GOOGLE_SCOPES.calendar]);
    const input = body(request);
    if (typeof input.summary !== "string" || input.summary.trim() === "") throw required("Missing title.", "summary");
    if (input.timeZone !== undefined && (typeof input.timeZone !== "string" || !isIanaZone(input.timeZone))) {
      throw invalid("Invalid time zone definition.", "timeZone");
    }
    const calendar = state.createCalendar(account.id, {
      summary: input.summary,
      description: typeof input.description === "string" ? input.description : undefined,
      timeZone: (input.timeZone as string | undefined) ?? account.timeZone,
    });
    return json(200, calendarResource(calendar));
  });

  router.get("/calendar/v3/calendars/:calendarId", (request) => {
    const { account } = authenticate(ctx, request, [...SCOPES_FOR.readCalendars, ...SCOPES_FOR.readEvents]);
    const { calendar } = access(account, request.params.calendarId, "freeBusy");
    return json(200, calendarResource(calendar));
  });

  // --- events ---------------------------------------------------------------------------------

  router.get("/calendar/v3/calendars/:calendarId/events", (request) => {
    const { account } = authenticate(ctx, request, SCOPES_FOR.readEvents);
    const { calendar, entry } = access(account, request.params.calendarId);
    const continued = continuePage(request, calendar.id);
    if (continued) return continued;

    const syncTokenValue = request.query.get("syncToken");
    const singleEvents = bool(request, "singleEvents");
    const orderBy = request.query.get("orderBy");
    if (orderBy !== null && orderBy !== "startTime" && orderBy !== "updated") throw invalid("Invalid value for: orderBy", "orderBy");
    if (orderBy === "startTime" && !singleEvents) {
      throw invalid("The requested ordering is not available for the particular query.", "orderBy");
    }
    const query: ListQuery = {
      singleEvents,
      showDeleted: bool(request, "showDeleted"),
      timeMin: instant(request, "timeMin"),
      timeMax: instant(request, "timeMax"),
      updatedMin: instant(request, "updatedMin"),
      orderBy: (orderBy ?? undefined) as ListQuery["orderBy"],
      q: request.query.get("q") ?? undefined,
      iCalUID: request.query.get("iCalUID") ?? undefined,
      privateExtendedProperty: request.query.getAll("privateExtendedProperty").map(splitProperty),
      sharedExtendedProperty: request.query.getAll("sharedExtendedProperty").map(splitProperty),
    };
    if (query.timeMin !== undefined && query.timeMax !== undefined && query.timeMax <= query.timeMin) throw timeRangeEmpty();

    if (syncTokenValue !== null) {
      for (const p of ["timeMin", "timeMax", "updatedMin", "orderBy", "q", "iCalUID", "privateExtendedProperty", "sharedExtendedProperty"]) {
        if (request.query.has(p)) throw invalid(`The parameter ${p} is not supported together with syncToken.`, p);
      }
      const token = state.syncTokens.get(syncTokenValue);
      if (!token || token.calendarId !== calendar.id) throw invalid("Invalid sync token value.", "syncToken");
      if (!token.valid) throw fullSyncRequired();
      query.sync = token;
    }
    const responseZone = zoneParam(request, calendar);
    const seqAtList = state.seq;
    const rows = listRows(state, calendar, query, renderCtx(calendar, responseZone));
    const nextSyncToken = state.issueSyncToken({
      calendarId: calendar.id,
      seq: seqAtList,
      singleEvents,
      timeMin: query.sync ? query.sync.timeMin : query.timeMin,
      timeMax: query.sync ? query.sync.timeMax : query.timeMax,
    });
    return paginate(
      signatureOf(request, calendar.id),
      rows.map((r) => r.resource),
      int(request, "maxResults", 250, 1, 2500),
      listEnvelope(calendar, entry.accessRole, state),
      nextSyncToken,
    );
  });

  router.post("/calendar/v3/calendars/:calendarId/events/watch", (request) => {
    const { account } = authenticate(ctx, request, SCOPES_FOR.readEvents);
    const { calendar } = access(account, request.params.calendarId);
    const input = body(request);
    if (typeof input.id !== "string" || input.id === "") throw required("Required", "id");
    if (input.type !== "web_hook" && input.type !== "webhook") throw invalid("Invalid value for: type", "type");
    if (typeof input.address !== "string") throw required("Required", "address");
    let address: URL;
    try {
      address = new URL(input.address);
    } catch {
      throw googleError(400, "push.webhookUrlUnparseable", `WebHook callback must be an absolute URL: ${input.address}`, { domain: "push" });
    }
    if (address.protocol !== "https:" && !(ctx.allowHttpWebhooks && address.protocol === "http:")) {
      throw googleError(400, "push.webhookUrlNotHttps", `WebHook callback must be HTTPS: ${input.address}`, { domain: "push" });
    }
    const params = (input.params ?? {}) as Record<string, string>;
    const ttl = params.ttl !== undefined ? Number(params.ttl) : DEFAULT_CHANNEL_TTL_S;
    if (!Number.isFinite(ttl) || ttl <= 0) throw invalid("Invalid value for: params.ttl", "params.ttl");
    let expiration = Date.now() + ttl * 1000;
    if (input.expiration !== undefined && Number.isFinite(Number(input.expiration))) {
      expiration = Math.min(expiration, Number(input.expiration));
    }
    const channel = state.createChannel({
      id: input.id,
      token: typeof input.token === "string" ? input.token : undefined,
      address: input.address,
      expiration,
      calendarId: calendar.id,
      accountId: account.id,
      params,
    });
    const out: Record<string, unknown> = {
      kind: "api#channel",
      id: channel.id,
      resourceId: channel.resourceId,
      resourceUri: channel.resourceUri,
    };
    if (channel.token !== undefined) out.token = channel.token;
    out.expiration = String(channel.expiration);
    return json(200, out);
  });

  router.post("/calendar/v3/calendars/:calendarId/events", (request) => {
    const { account } = authenticate(ctx, request, SCOPES_FOR.writeEvents);
    const { calendar } = access(account, request.params.calendarId, "write");
    const event = state.insertEvent(calendar.id, body(request), writeOptions(request, account));
    return json(200, renderEvent(event, renderCtx(calendar, calendar.timeZone)));
  });

  const renderLookup = (calendar: GoogleCalendar, eventId: string, zone: string) => {
    const found = state.lookup(calendar.id, eventId);
    return "stored" in found
      ? renderEvent(found.stored, renderCtx(calendar, zone))
      : renderInstance(found.master, found.occurrence, renderCtx(calendar, zone));
  };

  router.get("/calendar/v3/calendars/:calendarId/events/:eventId", (request) => {
    const { account } = authenticate(ctx, request, SCOPES_FOR.readEvents);
    const { calendar } = access(account, request.params.calendarId);
    return json(200, renderLookup(calendar, request.params.eventId, zoneParam(request, calendar)));
  });

  const update = (mode: "patch" | "put") => (request: RouteRequest) => {
    const { account } = authenticate(ctx, request, SCOPES_FOR.writeEvents);
    const { calendar } = access(account, request.params.calendarId, "write");
    const event = state.updateEvent(calendar.id, request.params.eventId, body(request), mode, writeOptions(request, account));
    return json(200, renderEvent(event, renderCtx(calendar, calendar.timeZone)));
  };
  router.patch("/calendar/v3/calendars/:calendarId/events/:eventId", update("patch"));
  router.put("/calendar/v3/calendars/:calendarId/events/:eventId", update("put"));

  router.delete("/calendar/v3/calendars/:calendarId/events/:eventId", (request) => {
    const { account } = authenticate(ctx, request, SCOPES_FOR.writeEvents);
    const { calendar } = access(account, request.params.calendarId, "write");
    writeOptions(request, account);
    state.deleteEvent(calendar.id, request.params.eventId);
    return noContent();
  });

  router.get("/calendar/v3/calendars/:calendarId/events/:eventId/instances", (request) => {
    const { account } = authenticate(ctx, request, SCOPES_FOR.readEvents);
    const { calendar, entry } = access(account, request.params.calendarId);
    const continued = continuePage(request, calendar.id);
    if (continued) return continued;
    const master = state.store(calendar.id).get(request.params.eventId);
    if (!master) throw notFound();
    if (!master.recurrence) throw invalid("The event is not a recurring event.", "eventId");
    const timeMin = instant(request, "timeMin");
    const timeMax = instant(request, "timeMax");
    if (timeMin !== undefined && timeMax !== undefined && timeMax <= timeMin) throw timeRangeEmpty();
    const originalStart = instant(request, "originalStart");
    const rows = instanceRowsOf(
      state,
      master,
      { timeMin, timeMax, showDeleted: bool(request, "showDeleted"), originalStart },
      renderCtx(calendar, zoneParam(request, calendar)),
    );
    return paginate(
      signatureOf(request, calendar.id),
      rows.map((r) => r.resource),
      int(request, "maxResults", 250, 1, 2500),
      listEnvelope(calendar, entry.accessRole, state),
    );
  });

  // --- freeBusy & channels ----------------------------------------------------------------------

  router.post("/calendar/v3/freeBusy", (request) => {
    const { account } = authenticate(ctx, request, SCOPES_FOR.freeBusy);
    const input = body(request);
    if (input.timeMin === undefined) throw required("Missing timeMin parameter.", "timeMin");
    if (input.timeMax === undefined) throw required("Missing timeMax parameter.", "timeMax");
    const timeMin = parseInstant(input.timeMin);
    const timeMax = parseInstant(input.timeMax);
    if (timeMin === null) throw invalid("Bad Request", "timeMin");
    if (timeMax === null) throw invalid("Bad Request", "timeMax");
    if (timeMax <= timeMin) throw timeRangeEmpty();
    if (timeMax - timeMin > MAX_FREEBUSY_RANGE_MS) {
      throw googleError(400, "timeRangeTooLong", "The requested time range is too long.", {
        domain: "calendar",
        location: "timeMax",
        locationType: "parameter",
      });
    }
    const zone = input.timeZone === undefined ? "UTC" : String(input.timeZone);
    if (!isIanaZone(zone)) throw invalid("Invalid time zone definition.", "timeZone");
    const items = Array.isArray(input.items) ? (input.items as Array<{ id?: unknown }>) : [];
    if (items.length > 50) throw googleError(400, "tooManyCalendarsRequested", "Too many calendars requested.", { domain: "calendar" });
    const calendars: Record<string, unknown> = {};
    for (const item of items) {
      if (typeof item?.id !== "string") continue;
      const calendarId = state.resolveCalendarId(account.id, item.id);
      const calendar = state.calendars.get(calendarId);
      const visible =
        calendar &&
        (state.entry(account.id, calendarId) !== undefined || sharesDomainFreeBusy(state, account, calendar));
      calendars[item.id] = visible
        ? { busy: busyIntervals(state, calendar, timeMin, timeMax, zone) }
        : { errors: [{ domain: "global", reason: "notFound" }], busy: [] };
    }
    return json(200, {
      kind: "calendar#freeBusy",
      timeMin: new Date(timeMin).toISOString(),
      timeMax: new Date(timeMax).toISOString(),
      calendars,
    });
  });

  router.post("/calendar/v3/channels/stop", (request) => {
    authenticate(ctx, request, SCOPES_FOR.readEvents);
    const input = body(request);
    if (typeof input.id !== "string") throw required("Required", "id");
    const resourceId = typeof input.resourceId === "string" ? input.resourceId : undefined;
    if (!state.stopChannel(input.id, resourceId)) {
      throw googleError(404, "notFound", `Channel '${input.id}' not found for project 'emulated'`);
    }
    return noContent();
  });
}

function splitProperty(value: string): [string, string] {
  const eq = value.indexOf("=");
  if (eq <= 0) throw invalid("Invalid extended property filter.");
  return [value.slice(0, eq), value.slice(eq + 1)];
}

/** Google Workspace shares free/busy of primary calendars within a domain by default. */
function sharesDomainFreeBusy(state: GoogleState, caller: GoogleAccount, calendar: GoogleCalendar): boolean {
  const owner = state.calendarOwner(calendar);
  const primary = state.primaryCalendarOf(owner.id)?.id === calendar.id;
  const domain = (email: string) => email.split("@")[1];
  return primary && domain(owner.email) === domain(caller.email) && domain(caller.email) !== "gmail.com";
}
