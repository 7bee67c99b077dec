/**
 * Typed client for the Microsoft emulator's control API. It talks https to the emulator and
 * trusts the emulator's own certificate through a fetch dispatcher (see shared/trust.ts).
 *
 *   const ms = await startMicrosoftEmulator();
 *   await ms.control.createUser({ email: "grace@contoso.test", timeZone: "Europe/Berlin" });
 */
import { ControlTransport, EmulatorControl, queryString } from "../shared/control-client";
import type { Delivery } from "../shared/outbox";
import type { MsCalendar, MsUser } from "./model";
import type { Subscription } from "./state";

/** A Graph event as the API renders it (UTC view). */
export type GraphEventResource = Record<string, unknown> & { id: string; type: string };

/** The shared calls (reset, tokens, faults, request log, deliveries) come from EmulatorControl. */
export class MicrosoftControl extends EmulatorControl {
  constructor(origin: string, dispatcher: object) {
    super(new ControlTransport(origin, { dispatcher }));
  }

  state(): Promise<{ tenantId: string; users: MsUser[]; calendars: MsCalendar[]; events: number; subscriptions: Subscription[] }> {
    return this.transport.call("GET", "/state");
  }

  createUser(input: { email: string; displayName?: string; timeZone?: string }): Promise<{ user: MsUser; defaultCalendarId: string }> {
    return this.transport.call("POST", "/users", input);
  }

  listUsers(): Promise<{ users: MsUser[] }> {
    return this.transport.call("GET", "/users");
  }

  createCalendar(email: string, input: { name: string; color?: string }): Promise<MsCalendar> {
    return this.transport.call("POST", `/users/${encodeURIComponent(email)}/calendars`, input);
  }

  /** Stored events (single instances, series masters, exceptions) of a calendar (default: the default one). */
  listStoredEvents(email: string, calendarId?: string): Promise<{ value: GraphEventResource[] }> {
    return this.transport.call("GET", `/users/${encodeURIComponent(email)}/events${queryString({ calendarId })}`);
  }

  /** Creates an event (Graph's JSON shape) as the mailbox owner would: it counts as a change. */
  createEvent(email: string, event: Record<string, unknown>, calendarId?: string): Promise<GraphEventResource> {
    return this.transport.call("POST", `/users/${encodeURIComponent(email)}/events${queryString({ calendarId })}`, event);
  }

  /** PATCHes an event or one occurrence (which becomes an exception). */
  updateEvent(email: string, eventId: string, patch: Record<string, unknown>): Promise<GraphEventResource> {
    return this.transport.call("PATCH", `/users/${encodeURIComponent(email)}/events/${encodeURIComponent(eventId)}`, patch);
  }

  deleteEvent(email: string, eventId: string): Promise<void> {
    return this.transport.call("DELETE", `/users/${encodeURIComponent(email)}/events/${encodeURIComponent(eventId)}`);
  }

  /** Invalidates delta tokens (a user's, or all): the next deltaLink call answers 410 syncStateNotFound. */
  invalidateDeltaTokens(email?: string): Promise<{ invalidated: number }> {
    return this.transport.call("POST", "/delta-tokens/invalidate", { email });
  }

  subscriptions(): Promise<{ subscriptions: Subscription[] }> {
    return this.transport.call("GET", "/subscriptions");
  }

  sendLifecycleNotification(subscriptionId: string, lifecycleEvent: "reauthorizationRequired" | "subscriptionRemoved" | "missed"): Promise<Delivery> {
    return this.transport.call("POST", `/subscriptions/${encodeURIComponent(subscriptionId)}/lifecycle`, { lifecycleEvent });
  }

  sendChangeNotification(subscriptionId: string, eventId: string, changeType: "created" | "updated" | "deleted" = "updated"): Promise<Delivery> {
    return this.transport.call("POST", `/subscriptions/${encodeURIComponent(subscriptionId)}/notify`, { eventId, changeType });
  }

  expireSubscription(subscriptionId: string): Promise<void> {
    return this.transport.call("POST", `/subscriptions/${encodeURIComponent(subscriptionId)}/expire`, {});
  }
}
