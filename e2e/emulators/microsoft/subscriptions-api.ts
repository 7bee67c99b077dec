/**
 * Graph change-notification subscriptions (/v1.0/subscriptions): creation validates the
 * notification (and lifecycle) URL with Graph's handshake — POST `?validationToken=…` that must
 * be echoed as text/plain with 200 within 10 s — and enforces the < 7 day lifetime of Outlook
 * event subscriptions.
 */
import { randomUUID } from "node:crypto";
import { header, json, noContent, readJsonBody, type RouteRequest, type Router } from "../shared/router";
import { requestContext } from "../shared/http-server";
import type { OAuthStore } from "../shared/oauth-store";
import type { Outbox } from "../shared/outbox";
import { parseInstant } from "../shared/zoned-time";
import { accessDenied, badJson, graphError, unauthenticated } from "./errors";
import { GRAPH_SCOPES, type MsUser } from "./model";
import { subscriptionTime, type GraphState, type Subscription } from "./state";

/** Outlook events: "under 7 days (10,080 minutes)". */
export const MAX_EVENT_SUBSCRIPTION_MINUTES = 10_080;
const CHANGE_TYPES = ["created", "updated", "deleted"];

export interface SubscriptionsContext {
  state: GraphState;
  oauth: OAuthStore;
  outbox: Outbox;
  origin: () => string;
  /** Accept http:// notification URLs (real Graph requires https). */
  allowHttpNotificationUrls: boolean;
  validationTimeoutMs: number;
}

function resourceScope(
  state: GraphState,
  user: MsUser,
  resource: string,
): { calendarId?: string } | null {
  const segments = resource.replace(/^\/+/, "").split("/").filter(Boolean);
  if (segments.length < 2) return null;
  let rest: string[];
  if (segments[0].toLowerCase() === "me") rest = segments.slice(1);
  else if (segments[0].toLowerCase() === "users" && segments.length >= 3) {
    const target = state.userByIdOrUpn(decodeURIComponent(segments[1]));
    if (!target || target.id !== user.id) return null;
    rest = segments.slice(2);
  } else return null;
  const lower = rest.map((s) => s.toLowerCase());
  if (lower.length === 1 && lower[0] === "events") return {};
  if (lower.length === 2 && lower[0] === "calendar" && lower[1] === "events") return { calendarId: state.defaultCalendar(user.id).id };
  if (lower.length === 3 && lower[0] === "calendars" && lower[2] === "events") {
    const calendar = state.calendars.get(rest[1]);
    return calendar && calendar.userId === user.id ? { calendarId: calendar.id } : null;
  }
  return null;
}

export function registerSubscriptionRoutes(router: Router, ctx: SubscriptionsContext): void {
  const { state } = ctx;

  const authenticate = (request: RouteRequest) => {
    const m = /^Bearer\s+(.+)$/i.exec(header(request, "authorization") ?? "");
    const check = ctx.oauth.checkAccessToken(m?.[1]?.trim());
    if (!check.ok) throw unauthenticated(check.reason, request);
    const user = state.users.get(check.record.accountId);
    if (!user) throw unauthenticated("unknown", request);
    requestContext(request).account = user.mail;
    if (!check.record.scope.some((s) => (GRAPH_SCOPES.calendarsRead as readonly string[]).includes(s))) throw accessDenied(request);
    return { user, clientId: check.record.clientId };
  };

  const resource = (s: Subscription) => ({
    "@odata.context": `${ctx.origin()}/v1.0/$metadata#subscriptions/$entity`,
    id: s.id,
    resource: s.resource,
    applicationId: s.applicationId,
    changeType: s.changeType,
    clientState: s.clientState ?? null,
    notificationUrl: s.notificationUrl,
    notificationQueryOptions: null,
    lifecycleNotificationUrl: s.lifecycleNotificationUrl ?? null,
    expirationDateTime: subscriptionTime(s.expirationDateTime),
    creatorId: s.userId,
    includeResourceData: null,
    latestSupportedTlsVersion: s.latestSupportedTlsVersion,
    encryptionCertificate: null,
    encryptionCertificateId: null,
    notificationUrlAppId: null,
  });

  const expiration = (request: RouteRequest, value: unknown): number => {
    const ms = typeof value === "string" ? parseInstant(value.endsWith("Z") || /[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`) : null;
    if (ms === null) {
      throw graphError(400, "InvalidRequest", "expirationDateTime is a required property for subscription creation.", request);
    }
    if (ms <= Date.now()) {
      throw graphError(400, "ExtensionError", "Subscription expiration can only be in the future.", request);
    }
    if (ms > Date.now() + MAX_EVENT_SUBSCRIPTION_MINUTES * 60_000) {
      throw graphError(400, "ExtensionError", `Subscription expiration can only be ${MAX_EVENT_SUBSCRIPTION_MINUTES} minutes in the future.`, request);
    }
    return ms;
  };

  const checkUrl = (request: RouteRequest, url: unknown, name: string): string => {
    if (typeof url !== "string") throw graphError(400, "InvalidRequest", `${name} is a required property for subscription creation.`, request);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw graphError(400, "InvalidRequest", `Invalid ${name}.`, request);
    }
    if (parsed.protocol !== "https:" && !(ctx.allowHttpNotificationUrls && parsed.protocol === "http:")) {
      throw graphError(400, "InvalidRequest", `The Notification Url must be an HTTPS endpoint: ${url}`, request);
    }
    return url;
  };

  /** Graph's handshake: POST url?validationToken=… (spaces as "+"), expect the token back. */
  const validate = async (request: RouteRequest, url: string) => {
    const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
    const target = new URL(url);
    target.searchParams.set("validationToken", token);
    const delivery = await ctx.outbox.send("graph-validation", target.toString(), {
      headers: { "content-type": "text/plain; charset=utf-8" },
      body: "",
      timeoutMs: ctx.validationTimeoutMs,
    });
    if (delivery.error) {
      throw graphError(400, "ValidationError", "Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.", request);
    }
    if (delivery.status !== 200) {
      throw graphError(400, "ValidationError", `Subscription validation request failed. Response status code was ${delivery.status}.`, request);
    }
    if (!delivery.responseContentType?.toLowerCase().startsWith("text/plain")) {
      throw graphError(400, "ValidationError", "Subscription validation request failed. Response content type must be text/plain.", request);
    }
    if (delivery.responseBody !== token) {
      throw graphError(400, "ValidationError", "Subscription validation request failed. Response must exactly match validationToken query parameter.", request);
    }
  };

  router.post("/v1.0/subscriptions", async (request) => {
    const { user, clientId } = authenticate(request);
    const input = readJsonBody<Record<string, unknown>>(request, () => badJson(request));
    const changeType = typeof input.changeType === "string" ? input.changeType : "";
    const kinds = changeType.split(",").map((s) => s.trim());
    if (kinds.length === 0 || kinds.some((k) => !CHANGE_TYPES.includes(k))) {
      throw graphError(400, "InvalidRequest", "Invalid 'changeType' attribute.", request);
    }
    if (typeof input.resource !== "string") throw graphError(400, "InvalidRequest", "resource is a required property for subscription creation.", request);
    const scope = resourceScope(state, user, input.resource);
    if (!scope) throw graphError(400, "ExtensionError", `Operation: Create; Exception: [Status Code: BadRequest; Reason: The resource '${input.resource}' is not supported.]`, request);
    const notificationUrl = checkUrl(request, input.notificationUrl, "notificationUrl");
    const lifecycleNotificationUrl =
      input.lifecycleNotificationUrl === undefined || input.lifecycleNotificationUrl === null
        ? undefined
        : checkUrl(request, input.lifecycleNotificationUrl, "lifecycleNotificationUrl");
    const expires = expiration(request, input.expirationDateTime);
    if (input.clientState !== undefined && (typeof input.clientState !== "string" || input.clientState.length > 128)) {
      throw graphError(400, "InvalidRequest", "clientState must be a string of at most 128 characters.", request);
    }
    await validate(request, notificationUrl);
    if (lifecycleNotificationUrl) await validate(request, lifecycleNotificationUrl);
    const subscription: Subscription = {
      id: randomUUID(),
      resource: input.resource,
      userId: user.id,
      calendarId: scope.calendarId,
      changeType,
      notificationUrl,
      lifecycleNotificationUrl,
      expirationDateTime: expires,
      clientState: input.clientState as string | undefined,
      applicationId: clientId,
      latestSupportedTlsVersion: typeof input.latestSupportedTlsVersion === "string" ? input.latestSupportedTlsVersion : "v1_2",
    };
    state.subscriptions.set(subscription.id, subscription);
    return json(201, resource(subscription));
  });

  router.get("/v1.0/subscriptions", (request) => {
    const { user } = authenticate(request);
    return json(200, {
      "@odata.context": `${ctx.origin()}/v1.0/$metadata#subscriptions`,
      value: state.liveSubscriptions().filter((s) => s.userId === user.id).map((s) => {
        const { "@odata.context": _c, ...rest } = resource(s);
        return rest;
      }),
    });
  });

  const mine = (request: RouteRequest, user: MsUser): Subscription => {
    const subscription = state.liveSubscriptions().find((s) => s.id === request.params.id);
    if (!subscription || subscription.userId !== user.id) {
      throw graphError(404, "ResourceNotFound", `The object was not found. [id=${request.params.id}]`, request);
    }
    return subscription;
  };

  router.get("/v1.0/subscriptions/:id", (request) => {
    const { user } = authenticate(request);
    return json(200, resource(mine(request, user)));
  });

  router.patch("/v1.0/subscriptions/:id", async (request) => {
    const { user } = authenticate(request);
    const subscription = mine(request, user);
    const input = readJsonBody<Record<string, unknown>>(request, () => badJson(request));
    if (input.expirationDateTime !== undefined) subscription.expirationDateTime = expiration(request, input.expirationDateTime);
    if (input.notificationUrl !== undefined) {
      const url = checkUrl(request, input.notificationUrl, "notificationUrl");
      await validate(request, url);
      subscription.notificationUrl = url;
    }
    return json(200, resource(subscription));
  });

  router.delete("/v1.0/subscriptions/:id", (request) => {
    const { user } = authenticate(request);
    state.subscriptions.delete(mine(request, user).id);
    return noContent();
  });

  router.post("/v1.0/subscriptions/:id/reauthorize", (request) => {
    const { user } = authenticate(request);
    mine(request, user);
    return noContent();
  });
}
