/**
 * In-memory state of the Microsoft emulator and every mutation of it. Graph handlers and the
 * control API share these methods, so a control-API edit is a real change: delta queries see
 * it and subscriptions get notified.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { isIanaZone } from "../shared/zoned-time";
import type { Outbox } from "../shared/outbox";
import type { Occurrence } from "../shared/recurrence";
import { itemNotFound, invalidRequest } from "./errors";
import {
  findOccurrence,
  occurrenceId,
  occurrencesOf,
  occurrenceTimes,
  parseOccurrenceId,
  parsePatternedRecurrence,
  parseTimes,
  renderEvent,
  renderOccurrence,
  teamsJoinUrl,
  type ViewOptions,
} from "./events";
import { exchangeId, newChangeKey, SHOW_AS, WRITABLE_EVENT_FIELDS, type MsCalendar, type MsEvent, type MsUser } from "./model";

export interface DeltaState {
  token: string;
  userId: string;
  calendarId: string;
  from: number;
  to: number;
  /** Instance id → version (changeKey) as last reported to the client. */
  versions: Map<string, string>;
  valid: boolean;
}

export interface Subscription {
  id: string;
  resource: string;
  userId: string;
  /** Undefined = every calendar of the user. */
  calendarId?: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl?: string;
  expirationDateTime: number;
  clientState?: string;
  applicationId: string;
  latestSupportedTlsVersion: string;
}

/** One row of a calendar view: a single event, an exception or a computed occurrence. */
export interface ViewInstance {
  id: string;
  startMs: number;
  endMs: number;
  version: string;
  event: MsEvent;
  render(view: ViewOptions): Record<string, unknown>;
}

export class GraphState {
  users = new Map<string, MsUser>();
  calendars = new Map<string, MsCalendar>();
  events = new Map<string, MsEvent>();
  private transactions = new Map<string, string>();
  deltaTokens = new Map<string, DeltaState>();
  subscriptions = new Map<string, Subscription>();
  nextSignIn: { email?: string; deny?: boolean } | undefined;
  private pending = new Map<string, Array<{ changeType: string; eventId: string; changeKey: string }>>();

  constructor(
    readonly tenantId: string,
    private readonly outbox: Outbox,
  ) {}

  reset(): void {
    this.users.clear();
    this.calendars.clear();
    this.events.clear();
    this.transactions.clear();
    this.deltaTokens.clear();
    this.subscriptions.clear();
    this.nextSignIn = undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Users and calendars

  createUser(input: { email: string; displayName?: string; timeZone?: string }): { user: MsUser; calendar: MsCalendar } {
    const email = input.email?.trim().toLowerCase();
    if (!email || !email.includes("@")) throw new Error("user email is required");
    if (this.userByEmail(email)) throw new Error(`user ${email} already exists`);
    const timeZone = input.timeZone ?? "UTC";
    if (!isIanaZone(timeZone)) throw new Error(`invalid timeZone ${timeZone}`);
    const displayName = input.displayName?.trim() || email.split("@")[0];
    const [givenName, ...rest] = displayName.split(" ");
    const user: MsUser = {
      id: randomUUID(),
      displayName,
      givenName,
      surname: rest.join(" "),
      mail: email,
      userPrincipalName: email,
      timeZone,
    };
    this.users.set(user.id, user);
    const calendar = this.createCalendar(user.id, { name: "Calendar", isDefaultCalendar: true });
    return { user, calendar };
  }

  userByEmail(email: string): MsUser | undefined {
    const lower = email.trim().toLowerCase();
    for (const user of this.users.values()) if (user.mail === lower || user.userPrincipalName === lower) return user;
    return undefined;
  }

  /** A user by id or UPN (what `users/{id}` accepts). */
  userByIdOrUpn(value: string): MsUser | undefined {
    return this.users.get(value) ?? this.userByEmail(value);
  }

  createCalendar(userId: string, input: { name: string; color?: string; isDefaultCalendar?: boolean }): MsCalendar {
    if (!this.users.has(userId)) throw new Error("unknown user");
    const calendar: MsCalendar = {
      id: exchangeId("AAMkAGI"),
      userId,
      name: input.name,
      color: input.color ?? "auto",
      hexColor: "",
      isDefaultCalendar: Boolean(input.isDefaultCalendar),
      changeKey: newChangeKey(),
      canEdit: true,
    };
    this.calendars.set(calendar.id, calendar);
    return calendar;
  }

  defaultCalendar(userId: string): MsCalendar {
    for (const c of this.calendars.values()) if (c.userId === userId && c.isDefaultCalendar) return c;
    throw new Error("user has no default calendar");
  }

  calendarsOf(userId: string): MsCalendar[] {
    return [...this.calendars.values()].filter((c) => c.userId === userId);
  }

  // -------------------------------------------------------------------------------------------
  // Events

  private applyFields(event: MsEvent, input: Record<string, unknown>): void {
    for (const field of WRITABLE_EVENT_FIELDS) {
      if (input[field] === undefined) continue;
      if (input[field] === null) delete event.fields[field];
      else event.fields[field] = input[field];
    }
    if (event.fields.showAs !== undefined && !SHOW_AS.includes(event.fields.showAs as (typeof SHOW_AS)[number])) {
      throw invalidRequest(`Cannot convert the literal '${String(event.fields.showAs)}' to the expected type 'microsoft.graph.freeBusyStatus'.`);
    }
    if (event.fields.isOnlineMeeting === true) {
      const provider = event.fields.onlineMeetingProvider ?? "teamsForBusiness";
      event.fields.onlineMeetingProvider = provider;
      if (provider === "teamsForBusiness" && !event.fields.onlineMeeting) {
        event.fields.onlineMeeting = { joinUrl: teamsJoinUrl(this.tenantId, event.userId) };
      }
    } else {
      delete event.fields.onlineMeeting;
    }
  }

  private touch(event: MsEvent): void {
    event.lastModified = Math.max(Date.now(), event.lastModified + 1);
    event.changeKey = newChangeKey();
  }

  /** Creates an event; a repeated transactionId returns the existing event (replayed: true). */
  createEvent(calendarId: string, input: Record<string, unknown>): { event: MsEvent; replayed: boolean } {
    const calendar = this.calendars.get(calendarId);
    if (!calendar) throw itemNotFound();
    if (typeof input.transactionId === "string") {
      const existingId = this.transactions.get(`${calendar.userId}\n${input.transactionId}`);
      const existing = existingId ? this.events.get(existingId) : undefined;
      if (existing) return { event: existing, replayed: true };
    }
    const times = parseTimes(input);
    const recurrence = parsePatternedRecurrence(input.recurrence, times);
    const now = Date.now();
    const event: MsEvent = {
      id: exchangeId(),
      calendarId,
      userId: calendar.userId,
      type: recurrence ? "seriesMaster" : "singleInstance",
      isAllDay: times.isAllDay,
      start: times.start,
      end: times.end,
      zone: times.zone,
      recurrence,
      deletedOccurrences: new Set(),
      fields: {},
      iCalUId: `040000008200E00074C5B7101A82E00800000000${randomBytes(28).toString("hex").toUpperCase()}`,
      created: now,
      lastModified: now,
      changeKey: newChangeKey(),
    };
    this.applyFields(event, input);
    this.events.set(event.id, event);
    if (typeof input.transactionId === "string") this.transactions.set(`${calendar.userId}\n${input.transactionId}`, event.id);
    this.queue(event, "created");
    return { event, replayed: false };
  }

  /** A stored event of the user, or an occurrence computed from its master; 404 otherwise. */
  lookup(userId: string, id: string): { stored: MsEvent } | { master: MsEvent; occurrence: Occurrence } {
    const stored = this.events.get(id);
    if (stored && stored.userId === userId) return { stored };
    const parsed = parseOccurrenceId(id);
    if (parsed) {
      const master = this.events.get(parsed.masterId);
      if (master && master.userId === userId && master.recurrence) {
        const occurrence = findOccurrence(master, parsed.originalStartMs);
        if (occurrence) return { master, occurrence };
      }
    }
    throw itemNotFound();
  }

  /** Graph PATCH: top-level properties replace; patching an occurrence makes it an exception. */
  updateEvent(userId: string, id: string, patch: Record<string, unknown>): MsEvent {
    const found = this.lookup(userId, id);
    if ("master" in found) {
      const { master, occurrence } = found;
      const times = occurrenceTimes(master, occurrence);
      const exception: MsEvent = {
        ...master,
        id: occurrenceId(master.id, occurrence.startMs),
        type: "exception",
        seriesMasterId: master.id,
        originalStartMs: occurrence.startMs,
        start: times.start,
        end: times.end,
        recurrence: undefined,
        deletedOccurrences: new Set(),
        fields: { ...structuredClone(master.fields), transactionId: undefined },
        created: Date.now(),
      };
      delete exception.fields.transactionId;
      this.patchInto(exception, patch, { allowRecurrence: false });
      this.events.set(exception.id, exception);
      // Outlook stores exceptions inside the series: the master changes too.
      this.touch(master);
      this.queue(master, "updated");
      return exception;
    }
    const event = found.stored;
    const before = { start: event.start.ms, end: event.end.ms, recurrence: JSON.stringify(event.recurrence?.value ?? null) };
    this.patchInto(event, patch, { allowRecurrence: event.type !== "exception" });
    if (event.type === "seriesMaster") {
      const after = { start: event.start.ms, end: event.end.ms, recurrence: JSON.stringify(event.recurrence?.value ?? null) };
      if (JSON.stringify(before) !== JSON.stringify(after)) {
        // Changing a series' pattern or time discards its exceptions, as Outlook does.
        for (const other of [...this.events.values()]) if (other.seriesMasterId === event.id) this.events.delete(other.id);
        event.deletedOccurrences.clear();
      }
    }
    this.queue(event.seriesMasterId ? this.events.get(event.seriesMasterId)! : event, "updated");
    return event;
  }

  private patchInto(event: MsEvent, patch: Record<string, unknown>, options: { allowRecurrence: boolean }): void {
    const timing: Record<string, unknown> = {
      start: patch.start ?? { dateTime: wallIsoOf(event.start.wall), timeZone: event.start.timeZone },
      end: patch.end ?? { dateTime: wallIsoOf(event.end.wall), timeZone: event.end.timeZone },
      isAllDay: patch.isAllDay ?? event.isAllDay,
    };
    const times = parseTimes(timing);
    event.start = times.start;
    event.end = times.end;
    event.zone = times.zone;
    event.isAllDay = times.isAllDay;
    if (options.allowRecurrence && patch.recurrence !== undefined) {
      event.recurrence = parsePatternedRecurrence(patch.recurrence, times);
      event.type = event.recurrence ? "seriesMaster" : "singleInstance";
    } else if (event.recurrence && (patch.start !== undefined || patch.isAllDay !== undefined)) {
      event.recurrence = parsePatternedRecurrence(event.recurrence.value, times);
    }
    this.applyFields(event, patch);
    this.touch(event);
  }

  deleteEvent(userId: string, id: string): void {
    const found = this.lookup(userId, id);
    if ("master" in found) {
      found.master.deletedOccurrences.add(found.occurrence.startMs);
      this.touch(found.master);
      this.queue(found.master, "updated");
      return;
    }
    const event = found.stored;
    this.events.delete(event.id);
    if (event.type === "exception") {
      const master = this.events.get(event.seriesMasterId!);
      if (master) {
        master.deletedOccurrences.add(event.originalStartMs!);
        this.touch(master);
        this.queue(master, "updated");
      }
      return;
    }
    if (event.type === "seriesMaster") {
      for (const other of [...this.events.values()]) if (other.seriesMasterId === event.id) this.events.delete(other.id);
    }
    this.queue(event, "deleted");
  }

  /** Single instances and series masters of a calendar (what /events lists). */
  storedEventsOf(calendarId: string): MsEvent[] {
    return [...this.events.values()]
      .filter((e) => e.calendarId === calendarId && e.type !== "exception")
      .sort((a, b) => a.start.ms - b.start.ms || a.id.localeCompare(b.id));
  }

  /** Occurrences, exceptions and single instances overlapping [from, to), by start. */
  viewInstances(calendarId: string, from: number, to: number): ViewInstance[] {
    const out: ViewInstance[] = [];
    const overlaps = (s: number, e: number) => (e === s ? s >= from && s < to : e > from && s < to);
    for (const event of this.events.values()) {
      if (event.calendarId !== calendarId) continue;
      if (event.type === "seriesMaster") {
        const exceptionStarts = new Set(
          [...this.events.values()].filter((e) => e.seriesMasterId === event.id).map((e) => e.originalStartMs),
        );
        for (const occurrence of occurrencesOf(event, from, to)) {
          if (exceptionStarts.has(occurrence.startMs)) continue;
          const times = occurrenceTimes(event, occurrence);
          out.push({
            id: occurrenceId(event.id, occurrence.startMs),
            startMs: times.start.ms,
            endMs: times.end.ms,
            version: event.changeKey,
            event,
            render: (view) => renderOccurrence(event, occurrence, view),
          });
        }
        continue;
      }
      if (!overlaps(event.start.ms, event.end.ms)) continue;
      out.push({
        id: event.id,
        startMs: event.start.ms,
        endMs: event.end.ms,
        version: event.changeKey,
        event,
        render: (view) => renderEvent(event, view),
      });
    }
    return out.sort((a, b) => a.startMs - b.startMs || a.id.localeCompare(b.id));
  }

  // -------------------------------------------------------------------------------------------
  // Delta tokens

  issueDeltaToken(input: Omit<DeltaState, "token" | "valid">): string {
    const token = randomBytes(48).toString("base64url");
    this.deltaTokens.set(token, { ...input, token, valid: true });
    return token;
  }

  invalidateDeltaTokens(userId?: string): number {
    let n = 0;
    for (const state of this.deltaTokens.values()) {
      if (state.valid && (!userId || state.userId === userId)) {
        state.valid = false;
        n++;
      }
    }
    return n;
  }

  // -------------------------------------------------------------------------------------------
  // Subscriptions and notifications

  liveSubscriptions(): Subscription[] {
    const now = Date.now();
    for (const [id, s] of this.subscriptions) if (s.expirationDateTime <= now) this.subscriptions.delete(id);
    return [...this.subscriptions.values()];
  }

  /** Collects changes made in one tick into one notification POST per subscription. */
  private queue(event: MsEvent, changeType: "created" | "updated" | "deleted"): void {
    if (this.pending.size === 0) setImmediate(() => this.flush());
    const key = `${event.userId}\n${event.calendarId}`;
    const list = this.pending.get(key) ?? [];
    list.push({ changeType, eventId: event.id, changeKey: event.changeKey });
    this.pending.set(key, list);
  }

  private flush(): void {
    const pending = [...this.pending.entries()];
    this.pending.clear();
    for (const subscription of this.liveSubscriptions()) {
      const kinds = subscription.changeType.split(",").map((s) => s.trim());
      const value = pending
        .filter(([key]) => {
          const [userId, calendarId] = key.split("\n");
          return userId === subscription.userId && (!subscription.calendarId || subscription.calendarId === calendarId);
        })
        .flatMap(([, changes]) => changes)
        .filter((c) => kinds.includes(c.changeType))
        .map((c) => this.notificationItem(subscription, c));
      if (value.length > 0) void this.sendChangeNotification(subscription, value);
    }
  }

  notificationItem(subscription: Subscription, change: { changeType: string; eventId: string; changeKey: string }) {
    const resource = `Users/${subscription.userId}/Events/${change.eventId}`;
    const item: Record<string, unknown> = {
      subscriptionId: subscription.id,
      subscriptionExpirationDateTime: subscriptionTime(subscription.expirationDateTime),
      changeType: change.changeType,
      resource,
      resourceData: {
        "@odata.type": "#Microsoft.Graph.Event",
        "@odata.id": resource,
        "@odata.etag": `W/"${change.changeKey}"`,
        id: change.eventId,
      },
      tenantId: this.tenantId,
    };
    if (subscription.clientState !== undefined) item.clientState = subscription.clientState;
    return item;
  }

  sendChangeNotification(subscription: Subscription, value: unknown[]) {
    return this.outbox.send("graph-notification", subscription.notificationUrl, {
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ value }),
    });
  }

  sendLifecycleNotification(subscription: Subscription, lifecycleEvent: "reauthorizationRequired" | "subscriptionRemoved" | "missed") {
    if (!subscription.lifecycleNotificationUrl) throw new Error("the subscription has no lifecycleNotificationUrl");
    const item: Record<string, unknown> = {
      subscriptionId: subscription.id,
      subscriptionExpirationDateTime: subscriptionTime(subscription.expirationDateTime),
      tenantId: this.tenantId,
      lifecycleEvent,
    };
    if (subscription.clientState !== undefined) item.clientState = subscription.clientState;
    if (lifecycleEvent === "subscriptionRemoved") this.subscriptions.delete(subscription.id);
    return this.outbox.send("graph-lifecycle", subscription.lifecycleNotificationUrl, {
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ value: [item] }),
    });
  }
}

function wallIsoOf(wall: { year: number; month: number; day: number; hour: number; minute: number; second: number }): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(wall.year, 4)}-${p(wall.month)}-${p(wall.day)}T${p(wall.hour)}:${p(wall.minute)}:${p(wall.second)}`;
}

/** Graph writes subscription expirations with seven fractional digits and an offset. */
export function subscriptionTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$10000Z");
}
