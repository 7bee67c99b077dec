/**
 * The Google emulator's control API (/_emulator/…): accounts, calendars, direct event edits
 * (which count as changes: sync tokens and push notifications see them), sign-in steering,
 * token expiry/revocation, sync-token invalidation, channels.
 */
import { controlBody, controlError, rejectAsBadRequest } from "../shared/control-routes";
import { registerOAuthControlRoutes } from "../shared/oauth-control-routes";
import type { OAuthStore } from "../shared/oauth-store";
import { json, noContent, type RouteRequest, type Router } from "../shared/router";
import { renderEvent } from "./events";
import { GOOGLE_SCOPES, type AccessRole, type GoogleCalendar } from "./model";
import type { GoogleState } from "./state";

/** Everything a freshly minted control-API token may do. */
export const ALL_GOOGLE_SCOPES = ["openid", "email", "profile", GOOGLE_SCOPES.calendar];

export function registerGoogleControlRoutes(
  router: Router,
  deps: {
    state: GoogleState;
    oauth: OAuthStore;
    defaultClientId: string;
  },
): void {
  const { state, oauth } = deps;

  const calendarOf = (request: RouteRequest): GoogleCalendar => {
    const calendar = state.calendars.get(request.params.calendarId);
    if (!calendar) throw controlError(404, `no calendar ${request.params.calendarId}`);
    return calendar;
  };
  const accountOf = (email: unknown) => {
    if (typeof email !== "string") throw controlError(400, "email is required");
    const account = state.accountByEmail(email);
    if (!account) throw controlError(404, `no account ${email}`);
    return account;
  };
  const render = (calendar: GoogleCalendar, event: Parameters<typeof renderEvent>[0]) =>
    renderEvent(event, { calendar, owner: state.calendarOwner(calendar), responseZone: calendar.timeZone });

  registerOAuthControlRoutes(router, { ...deps, accountIdOf: (email) => accountOf(email).id, defaultScope: ALL_GOOGLE_SCOPES, scopeInTokenResponse: (scope) => scope.join(" ") });

  router.get("/_emulator/state", () =>
    json(200, {
      accounts: [...state.accounts.values()],
      calendars: [...state.calendars.values()].map((c) => ({ ...c, events: state.store(c.id).size })),
      calendarList: state.listEntries,
      seq: state.seq,
      channels: state.liveChannels(),
    }),
  );

  router.get("/_emulator/accounts", () => json(200, { accounts: [...state.accounts.values()] }));
  router.post("/_emulator/accounts", (request) => {
    const input = controlBody<{ email: string; name?: string; timeZone?: string }>(request);
    const { account, calendar } = rejectAsBadRequest(() => state.createAccount(input));
    return json(201, { account, primaryCalendarId: calendar.id });
  });

  router.post("/_emulator/accounts/:email/calendars", (request) => {
    const account = accountOf(request.params.email);
    const input = controlBody<{ id?: string; summary?: string; description?: string; timeZone?: string; colorId?: string }>(request);
    const calendar = rejectAsBadRequest(() =>
      state.createCalendar(account.id, {
        id: input.id,
        summary: input.summary ?? "Calendar",
        description: input.description,
        timeZone: input.timeZone,
        colorId: input.colorId,
      }),
    );
    return json(201, calendar);
  });

  router.post("/_emulator/calendars/:calendarId/share", (request) => {
    const calendar = calendarOf(request);
    const input = controlBody<{ email: string; accessRole: AccessRole }>(request);
    const account = accountOf(input.email);
    if (!["owner", "writer", "reader", "freeBusyReader"].includes(input.accessRole)) throw controlError(400, "bad accessRole");
    state.shareCalendar(calendar.id, account.id, input.accessRole);
    return noContent();
  });

  router.get("/_emulator/calendars/:calendarId/events", (request) => {
    const calendar = calendarOf(request);
    return json(200, { items: [...state.store(calendar.id).values()].map((e) => render(calendar, e)) });
  });
  router.post("/_emulator/calendars/:calendarId/events", (request) => {
    const calendar = calendarOf(request);
    const event = state.insertEvent(calendar.id, controlBody(request), { conferenceDataVersion: 1 });
    return json(201, render(calendar, event));
  });
  const update = (mode: "patch" | "put") => (request: RouteRequest) => {
    const calendar = calendarOf(request);
    const event = state.updateEvent(calendar.id, request.params.eventId, controlBody(request), mode, { conferenceDataVersion: 1 });
    return json(200, render(calendar, event));
  };
  router.patch("/_emulator/calendars/:calendarId/events/:eventId", update("patch"));
  router.put("/_emulator/calendars/:calendarId/events/:eventId", update("put"));
  router.delete("/_emulator/calendars/:calendarId/events/:eventId", (request) => {
    const calendar = calendarOf(request);
    state.deleteEvent(calendar.id, request.params.eventId);
    return noContent();
  });

  router.post("/_emulator/sync-tokens/invalidate", (request) => {
    const input = controlBody<{ calendarId?: string }>(request);
    return json(200, { invalidated: state.invalidateSyncTokens(input.calendarId) });
  });

  router.get("/_emulator/channels", () => json(200, { channels: state.liveChannels() }));
  router.post("/_emulator/channels/:id/notify", async (request) => {
    const channel = state.liveChannels().find((c) => c.id === request.params.id);
    if (!channel) throw controlError(404, "no such channel");
    const input = controlBody<{ state?: "sync" | "exists" | "not_exists" }>(request);
    return json(200, await state.sendNotification(channel, input.state ?? "exists"));
  });
  router.post("/_emulator/channels/:id/expire", (request) => {
    const channel = state.channels.get(request.params.id);
    if (!channel) throw controlError(404, "no such channel");
    channel.expiration = Date.now() - 1;
    return noContent();
  });
}
