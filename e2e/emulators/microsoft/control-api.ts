/**
 * The Microsoft emulator's control API (/_emulator/…): users, calendars, direct event edits
 * (real changes: delta and subscriptions see them), sign-in steering, token expiry/revocation,
 * delta-token invalidation, subscriptions (list, lifecycle events, manual notifications).
 */
import { controlBody, controlError, rejectAsBadRequest } from "../shared/control-routes";
import { registerOAuthControlRoutes } from "../shared/oauth-control-routes";
import type { OAuthStore } from "../shared/oauth-store";
import { json, noContent, type RouteRequest, type Router } from "../shared/router";
import { renderEvent, UTC_VIEW } from "./events";
import { DEFAULT_GRAPH_SCOPES } from "./model";
import type { GraphState } from "./state";

export const ALL_MICROSOFT_SCOPES = ["openid", "profile", "email", "offline_access", ...DEFAULT_GRAPH_SCOPES];

export function registerMicrosoftControlRoutes(
  router: Router,
  deps: { state: GraphState; oauth: OAuthStore; defaultClientId: string },
): void {
  const { state, oauth } = deps;

  const userOf = (email: unknown) => {
    if (typeof email !== "string") throw controlError(400, "email is required");
    const user = state.userByEmail(email);
    if (!user) throw controlError(404, `no user ${email}`);
    return user;
  };
  const calendarFor = (request: RouteRequest, userId: string) => {
    const calendarId = request.query.get("calendarId");
    if (!calendarId) return state.defaultCalendar(userId);
    const calendar = state.calendars.get(calendarId);
    if (!calendar || calendar.userId !== userId) throw controlError(404, `no calendar ${calendarId}`);
    return calendar;
  };

  registerOAuthControlRoutes(router, {
    ...deps,
    accountIdOf: (email) => userOf(email).id,
    defaultScope: ALL_MICROSOFT_SCOPES,
    // As Entra's token endpoint answers: offline_access is asked for, never listed.
    scopeInTokenResponse: (scope) => scope.filter((s) => s !== "offline_access").join(" "),
  });

  router.get("/_emulator/state", () =>
    json(200, {
      tenantId: state.tenantId,
      users: [...state.users.values()],
      calendars: [...state.calendars.values()],
      events: state.events.size,
      subscriptions: state.liveSubscriptions(),
    }),
  );

  router.get("/_emulator/users", () => json(200, { users: [...state.users.values()] }));
  router.post("/_emulator/users", (request) => {
    const input = controlBody<{ email: string; displayName?: string; timeZone?: string }>(request);
    const { user, calendar } = rejectAsBadRequest(() => state.createUser(input));
    return json(201, { user, defaultCalendarId: calendar.id });
  });
  router.post("/_emulator/users/:email/calendars", (request) => {
    const user = userOf(request.params.email);
    const input = controlBody<{ name?: string; color?: string }>(request);
    return json(201, rejectAsBadRequest(() => state.createCalendar(user.id, { name: input.name ?? "Calendar", color: input.color })));
  });

  router.get("/_emulator/users/:email/events", (request) => {
    const user = userOf(request.params.email);
    const calendar = calendarFor(request, user.id);
    const items = [...state.events.values()].filter((e) => e.calendarId === calendar.id).map((e) => renderEvent(e, UTC_VIEW(user)));
    return json(200, { value: items });
  });
  router.post("/_emulator/users/:email/events", (request) => {
    const user = userOf(request.params.email);
    const calendar = calendarFor(request, user.id);
    const { event } = state.createEvent(calendar.id, controlBody(request));
    return json(201, renderEvent(event, UTC_VIEW(user)));
  });
  router.patch("/_emulator/users/:email/events/:eventId", (request) => {
    const user = userOf(request.params.email);
    const event = state.updateEvent(user.id, request.params.eventId, controlBody(request));
    return json(200, renderEvent(event, UTC_VIEW(user)));
  });
  router.delete("/_emulator/users/:email/events/:eventId", (request) => {
    const user = userOf(request.params.email);
    state.deleteEvent(user.id, request.params.eventId);
    return noContent();
  });

  router.post("/_emulator/delta-tokens/invalidate", (request) => {
    const input = controlBody<{ email?: string }>(request);
    return json(200, { invalidated: state.invalidateDeltaTokens(input.email ? userOf(input.email).id : undefined) });
  });

  const subscriptionOf = (request: RouteRequest) => {
    const subscription = state.subscriptions.get(request.params.id);
    if (!subscription) throw controlError(404, "no such subscription");
    return subscription;
  };
  router.get("/_emulator/subscriptions", () => json(200, { subscriptions: state.liveSubscriptions() }));
  router.post("/_emulator/subscriptions/:id/lifecycle", async (request) => {
    const subscription = subscriptionOf(request);
    const input = controlBody<{ lifecycleEvent?: string }>(request);
    const event = input.lifecycleEvent;
    if (event !== "reauthorizationRequired" && event !== "subscriptionRemoved" && event !== "missed") {
      throw controlError(400, "lifecycleEvent must be reauthorizationRequired, subscriptionRemoved or missed");
    }
    return json(200, await rejectAsBadRequest(() => state.sendLifecycleNotification(subscription, event)));
  });
  router.post("/_emulator/subscriptions/:id/notify", async (request) => {
    const subscription = subscriptionOf(request);
    const input = controlBody<{ eventId: string; changeType?: string }>(request);
    if (typeof input.eventId !== "string") throw controlError(400, "eventId is required");
    const event = state.events.get(input.eventId);
    const item = state.notificationItem(subscription, {
      eventId: input.eventId,
      changeType: input.changeType ?? "updated",
      changeKey: event?.changeKey ?? "",
    });
    return json(200, await state.sendChangeNotification(subscription, [item]));
  });
  router.post("/_emulator/subscriptions/:id/expire", (request) => {
    subscriptionOf(request).expirationDateTime = Date.now() - 1;
    return noContent();
  });
}
