/**
 * Microsoft Graph v1.0 calendar endpoints: me, calendars, events (create with Teams meetings and
 * transactionId dedupe, get/patch/delete incl. occurrences), calendarView (expanded series,
 * $top/$skip/$select, @odata.nextLink), calendarView/delta, getSchedule. Every route exists as
 * `/v1.0/me/…` and `/v1.0/users/{id|upn}/…`.
 */
import { randomBytes } from "node:crypto";
import { header, json, noContent, readJsonBody, type RouteRequest, type RouteResponse, type Router } from "../shared/router";
import { requestContext } from "../shared/http-server";
import type { OAuthStore } from "../shared/oauth-store";
import { hasOffset, parseInstant, parseLocalDateTime, instantOfWallTime } from "../shared/zoned-time";
import { accessDenied, badJson, graphError, invalidRequest, itemNotFound, unauthenticated } from "./errors";
import { formatGraphDateTime, parseDateTimeTimeZone, renderEvent, renderOccurrence, selectFields, type ViewOptions } from "./events";
import { GRAPH_SCOPES, type MsCalendar, type MsUser } from "./model";
import type { GraphState, ViewInstance } from "./state";
import { resolveOutlookZone, WINDOWS_TO_IANA } from "./windows-zones";

export interface GraphContext {
  state: GraphState;
  oauth: OAuthStore;
  origin: () => string;
}

interface DeltaRound {
  userId: string;
  calendarId: string;
  from: number;
  to: number;
  pending: Array<ViewInstance | { removedId: string }>;
  offset: number;
  finalVersions: Map<string, string>;
}

const DEFAULT_PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 1000;

/** `Prefer: outlook.timezone="…", odata.maxpagesize=50, outlook.body-content-type="text"`. */
export function preferences(request: RouteRequest): Record<string, string> {
  const out: Record<string, string> = {};
  const raw = header(request, "prefer") ?? "";
  for (const part of raw.match(/(?:[^,"]+|"[^"]*")+/g) ?? []) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    out[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).trim().replace(/^"|"$/g, "");
  }
  return out;
}

export function registerGraphRoutes(router: Router, ctx: GraphContext): void {
  const { state } = ctx;
  const rounds = new Map<string, DeltaRound>();
  const body = (request: RouteRequest) => readJsonBody<Record<string, unknown>>(request, () => badJson(request));

  const authenticate = (request: RouteRequest, anyOf: readonly string[]): MsUser => {
    const m = /^Bearer\s+(.+)$/i.exec(header(request, "authorization") ?? "");
    const check = ctx.oauth.checkAccessToken(m?.[1]?.trim());
    if (!check.ok) throw unauthenticated(check.reason, request);
    const user = state.users.get(check.record.accountId);
    if (!user) throw unauthenticated("unknown", request);
    requestContext(request).account = user.mail;
    if (!check.record.scope.some((s) => anyOf.includes(s))) throw accessDenied(request);
    if (request.params.userId !== undefined) {
      const target = state.userByIdOrUpn(request.params.userId);
      if (!target) throw graphError(404, "ErrorInvalidUser", `The requested user '${request.params.userId}' is invalid.`, request);
      if (target.id !== user.id) throw accessDenied(request);
    }
    return user;
  };

  const viewOf = (request: RouteRequest, user: MsUser): ViewOptions => {
    const prefs = preferences(request);
    const label = prefs["outlook.timezone"];
    const zone = label ? resolveOutlookZone(label) : null;
    const bodyType = prefs["outlook.body-content-type"]?.toLowerCase();
    return {
      zoneLabel: zone ? label! : "UTC",
      zone: zone ?? "Etc/UTC",
      bodyType: bodyType === "text" || bodyType === "html" ? bodyType : undefined,
      user,
    };
  };

  const calendarOf = (request: RouteRequest, user: MsUser): MsCalendar => {
    const id = request.params.calendarId;
    if (id === undefined) return state.defaultCalendar(user.id);
    const calendar = state.calendars.get(id);
    if (!calendar || calendar.userId !== user.id) throw itemNotFound(request);
    return calendar;
  };

  /** Registers `/v1.0/me{suffix}` and `/v1.0/users/:userId{suffix}`. */
  const both = (method: "get" | "post" | "patch" | "delete", suffix: string, handler: (request: RouteRequest) => RouteResponse | Promise<RouteResponse>) => {
    router[method](`/v1.0/me${suffix}`, handler);
    router[method](`/v1.0/users/:userId${suffix}`, handler);
  };

  const selectOf = (request: RouteRequest) => request.query.get("$select")?.split(",").filter(Boolean);
  /** OData context path of the mailbox, e.g. "users('0c…')" (Graph writes it for /me too). */
  const userPath = (_request: RouteRequest, user: MsUser) => `users('${user.id}')`;

  /** $top/$skip paging with an absolute @odata.nextLink on the emulator's own origin. */
  const paged = (request: RouteRequest, items: Record<string, unknown>[], context: string, extraHeaders?: Record<string, string>) => {
    const topParam = request.query.get("$top");
    const top = topParam === null ? DEFAULT_PAGE_SIZE : Number(topParam);
    const skip = Number(request.query.get("$skip") ?? 0);
    if (!Number.isInteger(top) || top < 1) throw invalidRequest(`Invalid value '${topParam}' for $top.`, request);
    if (!Number.isInteger(skip) || skip < 0) throw invalidRequest("Invalid value for $skip.", request);
    const size = Math.min(top, MAX_PAGE_SIZE);
    const out: Record<string, unknown> = { "@odata.context": context, value: items.slice(skip, skip + size) };
    if (skip + size < items.length) {
      const next = new URLSearchParams();
      for (const [k, v] of request.query) if (k !== "$skip" && k !== "$top") next.append(k, v);
      next.set("$top", String(size));
      next.set("$skip", String(skip + size));
      out["@odata.nextLink"] = `${ctx.origin()}${request.path}?${next.toString().replace(/%24/g, "$")}`;
    }
    return json(200, out, extraHeaders);
  };

  /** Graph reads a missing offset as UTC; a "+" the client forgot to encode arrives as " ". */
  const windowParam = (request: RouteRequest, name: "startDateTime" | "endDateTime"): number => {
    const raw = request.query.get(name) ?? request.query.get(name.toLowerCase()) ?? request.query.get(name[0].toUpperCase() + name.slice(1));
    if (raw === null) {
      throw graphError(400, "ErrorInvalidParameter", "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.", request);
    }
    const value = raw.replace(/ (\d{2}:?\d{2})$/, "+$1");
    if (hasOffset(value)) {
      const ms = parseInstant(value);
      if (ms !== null) return ms;
    } else {
      const wall = parseLocalDateTime(value);
      if (wall) return instantOfWallTime(wall, "UTC");
    }
    throw graphError(400, "ErrorInvalidParameter", `The value '${raw}' of parameter '${name}' is invalid.`, request);
  };

  // --- me & calendars ---------------------------------------------------------------------------

  const meResource = (user: MsUser) => ({
    businessPhones: [],
    displayName: user.displayName,
    givenName: user.givenName,
    jobTitle: null,
    mail: user.mail,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: "en-US",
    surname: user.surname || null,
    userPrincipalName: user.userPrincipalName,
    id: user.id,
  });
  router.get("/v1.0/me", (request) => {
    const user = authenticate(request, [...GRAPH_SCOPES.userRead, ...GRAPH_SCOPES.calendarsRead]);
    return json(200, { "@odata.context": `${ctx.origin()}/v1.0/$metadata#users/$entity`, ...meResource(user) });
  });
  router.get("/v1.0/users/:userId", (request) => {
    const user = authenticate(request, [...GRAPH_SCOPES.userRead]);
    return json(200, { "@odata.context": `${ctx.origin()}/v1.0/$metadata#users/$entity`, ...meResource(user) });
  });

  const calendarResource = (calendar: MsCalendar) => {
    const owner = state.users.get(calendar.userId)!;
    return {
      "@odata.etag": `W/"${calendar.changeKey}"`,
      id: calendar.id,
      name: calendar.name,
      color: calendar.color,
      hexColor: calendar.hexColor,
      groupClassId: "0006f0b7-0000-0000-c000-000000000046",
      isDefaultCalendar: calendar.isDefaultCalendar,
      changeKey: calendar.changeKey,
      canShare: true,
      canViewPrivateItems: true,
      canEdit: calendar.canEdit,
      allowedOnlineMeetingProviders: ["teamsForBusiness"],
      defaultOnlineMeetingProvider: "teamsForBusiness",
      isTallyingResponses: true,
      isRemovable: !calendar.isDefaultCalendar,
      owner: { name: owner.displayName, address: owner.mail },
    };
  };
  both("get", "/calendars", (request) => {
    const user = authenticate(request, GRAPH_SCOPES.calendarsRead);
    const items = state.calendarsOf(user.id).map((c) => selectFields(calendarResource(c), selectOf(request)));
    return paged(request, items, `${ctx.origin()}/v1.0/$metadata#${userPath(request, user)}/calendars`);
  });
  both("post", "/calendars", (request) => {
    const user = authenticate(request, GRAPH_SCOPES.calendarsWrite);
    const input = body(request);
    if (typeof input.name !== "string" || input.name.trim() === "") throw invalidRequest("The name of the calendar is required.", request);
    if (state.calendarsOf(user.id).some((c) => c.name === input.name)) {
      throw graphError(409, "ErrorFolderExists", "A folder with the specified name already exists.", request);
    }
    const calendar = state.createCalendar(user.id, { name: input.name, color: typeof input.color === "string" ? input.color : undefined });
    return json(201, { "@odata.context": `${ctx.origin()}/v1.0/$metadata#${userPath(request, user)}/calendars/$entity`, ...calendarResource(calendar) });
  });
  both("get", "/calendar", (request) => {
    const user = authenticate(request, GRAPH_SCOPES.calendarsRead);
    return json(200, { "@odata.context": `${ctx.origin()}/v1.0/$metadata#${userPath(request, user)}/calendars/$entity`, ...selectFields(calendarResource(state.defaultCalendar(user.id)), selectOf(request)) });
  });
  both("get", "/calendars/:calendarId", (request) => {
    const user = authenticate(request, GRAPH_SCOPES.calendarsRead);
    return json(200, { "@odata.context": `${ctx.origin()}/v1.0/$metadata#${userPath(request, user)}/calendars/$entity`, ...selectFields(calendarResource(calendarOf(request, user)), selectOf(request)) });
  });

  // --- events -------------------------------------------------------------------------------

  const listEvents = (request: RouteRequest) => {
    const user = authenticate(request, GRAPH_SCOPES.calendarsRead);
    const calendar = calendarOf(request, user);
    const view = viewOf(request, user);
    const items = state.storedEventsOf(calendar.id).map((e) => selectFields(renderEvent(e, view), selectOf(request)));
    return paged(request, items, `${ctx.origin()}/v1.0/$metadata#${userPath(request, user)}/events`, preferenceApplied(request));
  };
  both("get", "/events", listEvents);
  both("get", "/calendar/events", listEvents);
  both("get", "/calendars/:calendarId/events", listEvents);

  const createEvent = (request: RouteRequest) => {
    const user = authenticate(request, GRAPH_SCOPES.calendarsWrite);
    const calendar = calendarOf(request, user);
    const { event } = state.createEvent(calendar.id, body(request));
    const view = viewOf(request, user);
    return json(201, { "@odata.context": `${ctx.origin()}/v1.0/$metadata#${userPath(request, user)}/events/$entity`, ...renderEvent(event, view) }, preferenceApplied(request));
  };
  both("post", "/events", createEvent);
  both("post", "/calendar/events", createEvent);
  both("post", "/calendars/:calendarId/events", createEvent);

  const renderOne = (request: RouteRequest, user: MsUser, id: string) => {
    const found = state.lookup(user.id, id);
    const view = viewOf(request, user);
    const resource = "stored" in found ? renderEvent(found.stored, view) : renderOccurrence(found.master, found.occurrence, view);
    return { "@odata.context": `${ctx.origin()}/v1.0/$metadata#${userPath(request, user)}/events/$entity`, ...selectFields(resource, selectOf(request)) };
  };
  const scopedEventId = (request: RouteRequest, user: MsUser) => {
    if (request.params.calendarId !== undefined || request.path.includes("/calendar/events/")) {
      const calendar = calendarOf(request, user);
      const found = state.lookup(user.id, request.params.eventId);
      const calendarId = "stored" in found ? found.stored.calendarId : found.master.calendarId;
      if (calendarId !== calendar.id) throw itemNotFound(request);
    }
    return request.params.eventId;
  };
  for (const prefix of ["/events/:eventId", "/calendar/events/:eventId", "/calendars/:calendarId/events/:eventId"]) {
    both("get", prefix, (request) => {
      const user = authenticate(request, GRAPH_SCOPES.calendarsRead);
      return json(200, renderOne(request, user, scopedEventId(request, user)), preferenceApplied(request));
    });
    both("patch", prefix, (request) => {
      const user = authenticate(request, GRAPH_SCOPES.calendarsWrite);
      const updated = state.updateEvent(user.id, scopedEventId(request, user), body(request));
      return json(200, renderOne(request, user, updated.id), preferenceApplied(request));
    });
    both("delete", prefix, (request) => {
      const user = authenticate(request, GRAPH_SCOPES.calendarsWrite);
      state.deleteEvent(user.id, scopedEventId(request, user));
      return noContent();
    });
  }

  both("get", "/events/:eventId/instances", (request) => {
    const user = authenticate(request, GRAPH_SCOPES.calendarsRead);
    const from = windowParam(request, "startDateTime");
    const to = windowParam(request, "endDateTime");
    const found = state.lookup(user.id, request.params.eventId);
    if (!("stored" in found) || found.stored.type !== "seriesMaster") throw itemNotFound(request);
    const master = found.stored;
    const view = viewOf(request, user);
    const items = state
      .viewInstances(master.calendarId, from, to)
      .filter((v) => v.event.id === master.id || v.event.seriesMasterId === master.id)
      .map((v) => selectFields(v.render(view), selectOf(request)));
    return paged(request, items, `${ctx.origin()}/v1.0/$metadata#Collection(event)`, preferenceApplied(request));
  });

  // --- calendarView ----------------------------------------------------------------------------

  const calendarView = (request: RouteRequest) => {
    const user = authenticate(request, GRAPH_SCOPES.calendarsRead);
    const calendar = calendarOf(request, user);
    const from = windowParam(request, "startDateTime");
    const to = windowParam(request, "endDateTime");
    const view = viewOf(request, user);
    let instances = state.viewInstances(calendar.id, from, to);
    const orderBy = request.query.get("$orderby");
    if (orderBy && /^start\/dateTime\s+desc$/i.test(orderBy.trim())) instances = instances.reverse();
    const items = instances.map((v) => selectFields(v.render(view), selectOf(request)));
    return paged(request, items, `${ctx.origin()}/v1.0/$metadata#${userPath(request, user)}/calendarView`, preferenceApplied(request));
  };
  both("get", "/calendarView", calendarView);
  both("get", "/calendar/calendarView", calendarView);
  both("get", "/calendars/:calendarId/calendarView", calendarView);

  // --- calendarView/delta ----------------------------------------------------------------------

  const deltaPage = (request: RouteRequest, user: MsUser, round: DeltaRound): RouteResponse => {
    const prefs = preferences(request);
    const pageSize = Math.max(1, Math.min(Number(prefs["odata.maxpagesize"] ?? DEFAULT_PAGE_SIZE) || DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE));
    const view = viewOf(request, user);
    const slice = round.pending.slice(round.offset, round.offset + pageSize);
    const value = slice.map((item) =>
      "removedId" in item ? { "@odata.type": "#microsoft.graph.event", id: item.removedId, "@removed": { reason: "deleted" } } : item.render(view),
    );
    const out: Record<string, unknown> = { "@odata.context": `${ctx.origin()}/v1.0/$metadata#Collection(event)` };
    const base = `${ctx.origin()}${request.path}`;
    if (round.offset + pageSize < round.pending.length) {
      const skiptoken = randomBytes(48).toString("base64url");
      rounds.set(skiptoken, { ...round, offset: round.offset + pageSize });
      out["@odata.nextLink"] = `${base}?$skiptoken=${skiptoken}`;
    } else {
      const deltatoken = state.issueDeltaToken({
        userId: round.userId,
        calendarId: round.calendarId,
        from: round.from,
        to: round.to,
        versions: round.finalVersions,
      });
      out["@odata.deltaLink"] = `${base}?$deltatoken=${deltatoken}`;
    }
    out.value = value;
    const headers: Record<string, string> = { ...preferenceApplied(request) };
    return json(200, out, headers);
  };

  const syncStateNotFound = (request: RouteRequest) =>
    graphError(410, "syncStateNotFound", `The sync state generation is not found; generation=${randomBytes(2).readUInt16BE()};[highest=0].`, request);

  const delta = (request: RouteRequest) => {
    const user = authenticate(request, GRAPH_SCOPES.calendarsRead);
    const skiptoken = request.query.get("$skiptoken") ?? request.query.get("$skipToken");
    const deltatoken = request.query.get("$deltatoken") ?? request.query.get("$deltaToken");
    if (skiptoken !== null) {
      const round = rounds.get(skiptoken);
      if (!round || round.userId !== user.id) throw syncStateNotFound(request);
      rounds.delete(skiptoken);
      return deltaPage(request, user, round);
    }
    if (deltatoken !== null) {
      const token = state.deltaTokens.get(deltatoken);
      if (!token || token.userId !== user.id) {
        throw graphError(400, "ErrorInvalidUrlQuery", "The specified delta token is invalid.", request);
      }
      if (!token.valid) throw syncStateNotFound(request);
      const current = state.viewInstances(token.calendarId, token.from, token.to);
      const currentIds = new Set(current.map((v) => v.id));
      const pending: DeltaRound["pending"] = [
        ...current.filter((v) => token.versions.get(v.id) !== v.version),
        ...[...token.versions.keys()].filter((id) => !currentIds.has(id)).map((removedId) => ({ removedId })),
      ];
      return deltaPage(request, user, {
        userId: user.id,
        calendarId: token.calendarId,
        from: token.from,
        to: token.to,
        pending,
        offset: 0,
        finalVersions: new Map(current.map((v) => [v.id, v.version])),
      });
    }
    const calendar = calendarOf(request, user);
    const from = windowParam(request, "startDateTime");
    const to = windowParam(request, "endDateTime");
    const current = state.viewInstances(calendar.id, from, to);
    return deltaPage(request, user, {
      userId: user.id,
      calendarId: calendar.id,
      from,
      to,
      pending: current,
      offset: 0,
      finalVersions: new Map(current.map((v) => [v.id, v.version])),
    });
  };
  both("get", "/calendarView/delta", delta);
  both("get", "/calendar/calendarView/delta", delta);
  both("get", "/calendars/:calendarId/calendarView/delta", delta);

  // --- getSchedule ----------------------------------------------------------------------------

  const RANK: Record<string, number> = { free: 0, workingElsewhere: 1, tentative: 2, busy: 3, oof: 4, unknown: 3 };
  const DIGIT: Record<string, string> = { free: "0", tentative: "1", busy: "2", oof: "3", workingElsewhere: "4", unknown: "2" };
  const windowsName = (iana: string) => Object.entries(WINDOWS_TO_IANA).find(([, v]) => v === iana)?.[0] ?? iana;

  both("post", "/calendar/getSchedule", (request) => {
    const caller = authenticate(request, GRAPH_SCOPES.calendarsRead);
    const input = body(request);
    if (!Array.isArray(input.schedules) || input.schedules.length === 0) {
      throw invalidRequest("The request body must contain the 'schedules' property.", request);
    }
    if (input.schedules.length > 100) throw invalidRequest("Too many schedules requested.", request);
    const start = parseDateTimeTimeZone("start", input.startTime);
    const end = parseDateTimeTimeZone("end", input.endTime);
    if (end.ms <= start.ms) throw invalidRequest("The end time must be later than the start time.", request);
    if (end.ms - start.ms > 62 * 86_400_000) throw invalidRequest("The requested time duration exceeds the maximum of 62 days.", request);
    const interval = input.availabilityViewInterval === undefined ? 30 : Number(input.availabilityViewInterval);
    if (!Number.isInteger(interval) || interval < 5 || interval > 1440) {
      throw invalidRequest("availabilityViewInterval must be between 5 and 1440 minutes.", request);
    }
    const view = viewOf(request, caller);
    const slots = Math.ceil((end.ms - start.ms) / (interval * 60_000));
    const value = (input.schedules as unknown[]).map((scheduleId) => {
      const user = typeof scheduleId === "string" ? state.userByEmail(scheduleId) : undefined;
      if (!user) {
        return {
          scheduleId,
          availabilityView: "",
          scheduleItems: [],
          error: { message: `The specified user ${String(scheduleId)} could not be found.`, responseCode: "ErrorMailRecipientNotFound" },
        };
      }
      const self = user.id === caller.id;
      const blocking = state.viewInstances(state.defaultCalendar(user.id).id, start.ms, end.ms).filter((v) => {
        const f = v.event.fields;
        const response = (f.responseStatus as { response?: string } | undefined)?.response;
        return (f.showAs ?? "busy") !== "free" && f.isCancelled !== true && response !== "declined";
      });
      const scheduleItems = blocking.map((v) => {
        const f = v.event.fields;
        const item: Record<string, unknown> = {
          isPrivate: f.sensitivity === "private",
          status: f.showAs ?? "busy",
        };
        if (self && f.sensitivity !== "private") {
          item.subject = f.subject ?? "";
          item.location = (f.location as { displayName?: string } | undefined)?.displayName ?? "";
        }
        Object.assign(item, {
          isMeeting: Array.isArray(f.attendees) && f.attendees.length > 0,
          isRecurring: v.id !== v.event.id || v.event.type === "exception",
          isException: v.event.type === "exception",
          isReminderSet: f.isReminderOn ?? true,
          start: { dateTime: formatGraphDateTime(v.startMs, view.zone), timeZone: view.zoneLabel },
          end: { dateTime: formatGraphDateTime(v.endMs, view.zone), timeZone: view.zoneLabel },
        });
        return item;
      });
      let availabilityView = "";
      for (let i = 0; i < slots; i++) {
        const s = start.ms + i * interval * 60_000;
        const e = Math.min(s + interval * 60_000, end.ms);
        let best = "free";
        for (const v of blocking) {
          if (v.startMs < e && v.endMs > s) {
            const status = String(v.event.fields.showAs ?? "busy");
            if ((RANK[status] ?? 3) > (RANK[best] ?? 0)) best = status;
          }
        }
        availabilityView += DIGIT[best] ?? "2";
      }
      return {
        scheduleId,
        availabilityView,
        scheduleItems,
        workingHours: {
          daysOfWeek: ["monday", "tuesday", "wednesday", "thursday", "friday"],
          startTime: "08:00:00.0000000",
          endTime: "17:00:00.0000000",
          timeZone: { name: windowsName(user.timeZone) },
        },
      };
    });
    return json(200, { "@odata.context": `${ctx.origin()}/v1.0/$metadata#Collection(microsoft.graph.scheduleInformation)`, value }, preferenceApplied(request));
  });
}

/** Echoes the preferences the emulator honoured, as Graph does. */
function preferenceApplied(request: RouteRequest): Record<string, string> {
  const prefs = preferences(request);
  const applied: string[] = [];
  if (prefs["outlook.timezone"] && resolveOutlookZone(prefs["outlook.timezone"])) applied.push(`outlook.timezone="${prefs["outlook.timezone"]}"`);
  if (prefs["odata.maxpagesize"]) applied.push(`odata.maxpagesize=${prefs["odata.maxpagesize"]}`);
  if (prefs["outlook.body-content-type"]) applied.push(`outlook.body-content-type="${prefs["outlook.body-content-type"]}"`);
  return applied.length > 0 ? { "preference-applied": applied.join(", ") } : {};
}
