/**
 * In-memory state of the Google emulator and every mutation of it. API handlers and the control
 * API call the same methods, so a control-API edit is indistinguishable from a person editing
 * their calendar: it bumps the change counter (sync tokens) and fires push notifications.
 */
import { createHash, randomBytes, randomInt } from "node:crypto";
import { addDaysToWall, isIanaZone, parseDateOnly, parseInstant, wallDate, wallTimeOf } from "../shared/zoned-time";
import type { Outbox } from "../shared/outbox";
import { duplicate, deleted, googleError, invalid, notFound } from "./errors";
import {
  findOccurrence,
  isValidClientEventId,
  mergePatch,
  occurrenceKey,
  parseInstanceId,
  parseRecurrence,
  parseTimes,
  durationOf,
  VERBATIM_FIELDS,
  writableView,
  instanceIdOf,
  allDayLengthDays,
} from "./events";
import {
  type AccessRole,
  type CalendarListEntry,
  type GoogleAccount,
  type GoogleCalendar,
  type StoredEvent,
} from "./model";
import type { Occurrence } from "../shared/recurrence";

const BASE32HEX_ALPHABET = "0123456789abcdefghijklmnopqrstuv";

export function generateEventId(): string {
  const bytes = randomBytes(26);
  let id = "";
  for (const b of bytes) id += BASE32HEX_ALPHABET[b % 32];
  return id;
}

function numericId(digits: number): string {
  let id = String(randomInt(1, 10));
  while (id.length < digits) id += String(randomInt(0, 10));
  return id;
}

function meetCode(): string {
  const letters = (n: number) => Array.from({ length: n }, () => String.fromCharCode(97 + randomInt(0, 26))).join("");
  return `${letters(3)}-${letters(4)}-${letters(3)}`;
}

export interface SyncTokenState {
  token: string;
  calendarId: string;
  seq: number;
  singleEvents: boolean;
  timeMin?: number;
  timeMax?: number;
  valid: boolean;
}

export interface Channel {
  kind: "api#channel";
  id: string;
  resourceId: string;
  resourceUri: string;
  token?: string;
  address: string;
  /** Epoch ms. */
  expiration: number;
  calendarId: string;
  accountId: string;
  messageNumber: number;
  params?: Record<string, string>;
}

export interface WriteOptions {
  /** Account making the change (creator of new events); the calendar owner when omitted. */
  actorAccountId?: string;
  /** `conferenceDataVersion` query parameter (0 ignores conferenceData on write). */
  conferenceDataVersion?: number;
}

export class GoogleState {
  accounts = new Map<string, GoogleAccount>();
  calendars = new Map<string, GoogleCalendar>();
  listEntries: CalendarListEntry[] = [];
  events = new Map<string, Map<string, StoredEvent>>();
  /** Emulator-wide change counter. */
  seq = 0;
  syncTokens = new Map<string, SyncTokenState>();
  channels = new Map<string, Channel>();
  private conferences = new Map<string, Record<string, unknown>>();
  nextSignIn: { email?: string; deny?: boolean } | undefined;
  private pendingNotifications = new Set<string>();

  constructor(
    private readonly outbox: Outbox,
    private readonly origin: () => string,
  ) {}

  reset(): void {
    this.accounts.clear();
    this.calendars.clear();
    this.listEntries = [];
    this.events.clear();
    this.syncTokens.clear();
    this.channels.clear();
    this.conferences.clear();
    this.nextSignIn = undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Accounts and calendars

  createAccount(input: { email: string; name?: string; timeZone?: string }): { account: GoogleAccount; calendar: GoogleCalendar } {
    const email = input.email?.trim().toLowerCase();
    if (!email || !email.includes("@")) throw new Error("account email is required");
    if (this.accountByEmail(email)) throw new Error(`account ${email} already exists`);
    const timeZone = input.timeZone ?? "UTC";
    if (!isIanaZone(timeZone)) throw new Error(`invalid timeZone ${timeZone}`);
    const name = input.name?.trim() || email.split("@")[0];
    const [givenName, ...rest] = name.split(" ");
    const account: GoogleAccount = {
      id: numericId(21),
      email,
      name,
      givenName,
      familyName: rest.join(" "),
      picture: `https://lh3.googleusercontent.com/a/emulated-${encodeURIComponent(email)}=s96-c`,
      timeZone,
    };
    this.accounts.set(account.id, account);
    // A Google account's primary calendar id is its email address.
    const calendar = this.createCalendar(account.id, { id: email, summary: email, timeZone, primary: true });
    return { account, calendar };
  }

  accountByEmail(email: string): GoogleAccount | undefined {
    const lower = email.trim().toLowerCase();
    for (const account of this.accounts.values()) if (account.email === lower) return account;
    return undefined;
  }

  requireAccount(email: string): GoogleAccount {
    const account = this.accountByEmail(email);
    if (!account) throw new Error(`no account ${email}`);
    return account;
  }

  createCalendar(
    ownerAccountId: string,
    input: { id?: string; summary: string; description?: string; timeZone?: string; colorId?: string; primary?: boolean },
  ): GoogleCalendar {
    const owner = this.accounts.get(ownerAccountId);
    if (!owner) throw new Error("unknown owner account");
    const id = input.id ?? `${randomBytes(16).toString("hex").slice(0, 26)}@group.calendar.google.com`;
    if (this.calendars.has(id)) throw new Error(`calendar ${id} already exists`);
    const timeZone = input.timeZone ?? owner.timeZone;
    if (!isIanaZone(timeZone)) throw new Error(`invalid timeZone ${timeZone}`);
    const calendar: GoogleCalendar = {
      id,
      summary: input.summary,
      description: input.description,
      timeZone,
      colorId: input.colorId ?? (input.primary ? "14" : String(1 + (this.calendars.size % 24))),
      ownerAccountId,
      etag: `"${Date.now()}000"`,
    };
    this.calendars.set(id, calendar);
    this.events.set(id, new Map());
    this.listEntries.push({
      accountId: ownerAccountId,
      calendarId: id,
      accessRole: "owner",
      primary: Boolean(input.primary),
      hidden: false,
      selected: true,
    });
    return calendar;
  }

  shareCalendar(calendarId: string, accountId: string, accessRole: AccessRole): void {
    if (!this.calendars.has(calendarId)) throw new Error(`no calendar ${calendarId}`);
    const existing = this.entry(accountId, calendarId);
    if (existing) existing.accessRole = accessRole;
    else this.listEntries.push({ accountId, calendarId, accessRole, primary: false, hidden: false, selected: true });
  }

  /** Takes a calendar off an account's list (calendarList.delete); the calendar itself stays. */
  removeListEntry(accountId: string, calendarId: string): void {
    this.listEntries = this.listEntries.filter((e) => !(e.accountId === accountId && e.calendarId === calendarId));
  }

  entry(accountId: string, calendarId: string): CalendarListEntry | undefined {
    return this.listEntries.find((e) => e.accountId === accountId && e.calendarId === calendarId);
  }

  primaryCalendarOf(accountId: string): GoogleCalendar | undefined {
    const entry = this.listEntries.find((e) => e.accountId === accountId && e.primary);
    return entry ? this.calendars.get(entry.calendarId) : undefined;
  }

  /** "primary" → the account's primary calendar id. */
  resolveCalendarId(accountId: string | undefined, calendarId: string): string {
    if (calendarId === "primary" && accountId) return this.primaryCalendarOf(accountId)?.id ?? calendarId;
    return calendarId;
  }

  calendarOwner(calendar: GoogleCalendar): GoogleAccount {
    return this.accounts.get(calendar.ownerAccountId)!;
  }

  store(calendarId: string): Map<string, StoredEvent> {
    const store = this.events.get(calendarId);
    if (!store) throw notFound();
    return store;
  }

  // -------------------------------------------------------------------------------------------
  // Events

  private touch(event: StoredEvent, now: number): void {
    this.seq++;
    event.seq = this.seq;
    event.updated = Math.max(now, event.updated + 1);
    event.etag = `"${event.updated * 1000 + (this.seq % 1000)}"`;
    this.queueNotification(event.calendarId);
  }

  private conferenceFor(calendarId: string, conferenceData: unknown): Record<string, unknown> | undefined {
    if (!conferenceData || typeof conferenceData !== "object") return undefined;
    const data = conferenceData as { createRequest?: { requestId?: unknown; conferenceSolutionKey?: { type?: unknown } } };
    const createRequest = data.createRequest;
    if (!createRequest) return conferenceData as Record<string, unknown>;
    if (typeof createRequest.requestId !== "string" || createRequest.requestId.length === 0) {
      throw invalid("Invalid conference create request.");
    }
    const type = createRequest.conferenceSolutionKey?.type;
    if (type !== "hangoutsMeet") throw invalid("Invalid conference type value.");
    const key = `${calendarId}\n${createRequest.requestId}`;
    const existing = this.conferences.get(key);
    if (existing) return structuredClone(existing);
    const code = meetCode();
    const created = {
      createRequest: {
        requestId: createRequest.requestId,
        conferenceSolutionKey: { type: "hangoutsMeet" },
        status: { statusCode: "success" },
      },
      entryPoints: [{ entryPointType: "video", uri: `https://meet.google.com/${code}`, label: `meet.google.com/${code}` }],
      conferenceSolution: {
        key: { type: "hangoutsMeet" },
        name: "Google Meet",
        iconUri: "https://fonts.gstatic.com/s/i/productlogos/meet_2020q4/v6/web-512dp/logo_meet_2020q4_color_2x_web_512dp.png",
      },
      conferenceId: code,
    };
    this.conferences.set(key, created);
    return structuredClone(created);
  }

  /**
   * Builds the stored form of `input` (validating it as Google does). `base` carries identity
   * and bookkeeping for updates and exceptions.
   */
  private build(
    calendar: GoogleCalendar,
    input: Record<string, unknown>,
    base: Pick<StoredEvent, "id" | "iCalUID" | "organizer" | "creator" | "created" | "sequence"> &
      Partial<Pick<StoredEvent, "recurringEventId" | "originalStart" | "updated" | "fields">>,
    options: WriteOptions,
  ): StoredEvent {
    const times = parseTimes(input, calendar);
    const recurrence = base.recurringEventId ? undefined : parseRecurrence(input.recurrence, times);
    const status = input.status ?? "confirmed";
    if (status !== "confirmed" && status !== "tentative" && status !== "cancelled") throw invalid("Invalid value for: status");
    if (input.transparency !== undefined && input.transparency !== "opaque" && input.transparency !== "transparent") {
      throw invalid("Invalid value for: transparency");
    }
    if (
      input.visibility !== undefined &&
      !["default", "public", "private", "confidential"].includes(input.visibility as string)
    ) {
      throw invalid("Invalid value for: visibility");
    }
    if (input.attendees !== undefined) {
      if (!Array.isArray(input.attendees)) throw invalid("Invalid attendees.");
      for (const a of input.attendees as Array<Record<string, unknown>>) {
        if (!a || typeof a.email !== "string" || !a.email.includes("@")) throw invalid("Invalid attendee email.");
        if (
          a.responseStatus !== undefined &&
          !["needsAction", "declined", "tentative", "accepted"].includes(a.responseStatus as string)
        ) {
          throw invalid("Invalid attendee responseStatus.");
        }
      }
    }
    const fields: Record<string, unknown> = {};
    for (const field of VERBATIM_FIELDS) if (input[field] !== undefined) fields[field] = input[field];
    // conferenceDataVersion=0 means "don't touch conference data".
    const previousConference = base.fields?.conferenceData;
    if ((options.conferenceDataVersion ?? 0) >= 1 && input.conferenceData !== undefined) {
      const conference = this.conferenceFor(calendar.id, input.conferenceData);
      if (conference) fields.conferenceData = conference;
    } else if (previousConference !== undefined) {
      fields.conferenceData = previousConference;
    }
    const video = (fields.conferenceData as { entryPoints?: Array<{ entryPointType?: string; uri?: string }>; conferenceSolution?: { key?: { type?: string } } } | undefined);
    if (video?.conferenceSolution?.key?.type === "hangoutsMeet") {
      fields.hangoutLink = video.entryPoints?.find((e) => e.entryPointType === "video")?.uri;
    }
    const now = Date.now();
    return {
      id: base.id,
      calendarId: calendar.id,
      status,
      allDay: times.allDay,
      start: times.start,
      end: times.end,
      zone: times.zone,
      recurrence,
      recurringEventId: base.recurringEventId,
      originalStart: base.originalStart,
      fields,
      iCalUID: base.iCalUID,
      organizer: base.organizer,
      creator: base.creator,
      created: base.created,
      updated: base.updated ?? now,
      sequence: typeof input.sequence === "number" ? input.sequence : base.sequence,
      seq: 0,
      etag: "",
    } as StoredEvent;
  }

  private organizerOf(calendar: GoogleCalendar): { email: string; displayName?: string } {
    const owner = this.calendarOwner(calendar);
    const entry = this.entry(owner.id, calendar.id);
    return entry?.primary ? { email: owner.email, displayName: owner.name } : { email: calendar.id, displayName: calendar.summary };
  }

  insertEvent(calendarId: string, input: Record<string, unknown>, options: WriteOptions = {}): StoredEvent {
    const calendar = this.calendars.get(calendarId);
    if (!calendar) throw notFound();
    const store = this.store(calendarId);
    const actor = this.accounts.get(options.actorAccountId ?? calendar.ownerAccountId)!;

    // An exception written directly (control API seeds, or clients that know the instance).
    if (typeof input.recurringEventId === "string") {
      const master = store.get(input.recurringEventId);
      if (!master || !master.recurrence) throw notFound();
      const original = this.parseOriginalStart(master, input.originalStartTime);
      const occurrence = findOccurrence(master, original);
      if (!occurrence) throw invalid("Invalid originalStartTime.");
      const id = instanceIdOf(master, occurrence);
      if (store.has(id)) throw duplicate();
      return this.writeException(master, occurrence, input, options, "put");
    }

    let id: string;
    if (input.id !== undefined) {
      if (typeof input.id !== "string" || !isValidClientEventId(input.id)) throw invalid("Invalid resource id value.");
      if (store.has(input.id)) throw duplicate();
      id = input.id;
    } else {
      do id = generateEventId();
      while (store.has(id));
    }
    const now = Date.now();
    const event = this.build(
      calendar,
      input,
      {
        id,
        iCalUID: typeof input.iCalUID === "string" ? input.iCalUID : `${id}@google.com`,
        organizer: this.organizerOf(calendar),
        creator: { email: actor.email, displayName: actor.name },
        created: now,
        sequence: 0,
      },
      options,
    );
    this.touch(event, now);
    store.set(id, event);
    return event;
  }

  private parseOriginalStart(master: StoredEvent, value: unknown): { ms?: number; date?: string } {
    const v = (value ?? {}) as { date?: unknown; dateTime?: unknown; timeZone?: unknown };
    if (master.allDay) {
      if (typeof v.date !== "string" || !parseDateOnly(v.date)) throw invalid("Invalid originalStartTime.");
      return { date: v.date };
    }
    if (typeof v.dateTime !== "string") throw invalid("Invalid originalStartTime.");
    const ms = parseInstant(v.dateTime);
    if (ms !== null) return { ms };
    throw invalid("Invalid originalStartTime.");
  }

  /** Creates or replaces the exception overriding one occurrence of `master`. */
  private writeException(
    master: StoredEvent,
    occurrence: Occurrence,
    input: Record<string, unknown>,
    options: WriteOptions,
    mode: "patch" | "put",
  ): StoredEvent {
    const calendar = this.calendars.get(master.calendarId)!;
    const store = this.store(master.calendarId);
    const id = instanceIdOf(master, occurrence);
    const existing = store.get(id);
    const duration = durationOf(master);
    const instanceView: Record<string, unknown> = existing
      ? writableView(existing)
      : (() => {
          const view = writableView(master);
          delete view.recurrence;
          if (master.allDay) {
            view.start = { date: wallDate(occurrence.wall) };
            view.end = { date: wallDate(addDaysToWall(occurrence.wall, allDayLengthDays(master))) };
          } else {
            const time = (ms: number, timeZone?: string) => ({
              dateTime: new Date(ms).toISOString(),
              ...(timeZone ? { timeZone } : {}),
            });
            view.start = time(occurrence.startMs, master.start.timeZone);
            view.end = time(occurrence.startMs + duration, master.end.timeZone);
          }
          return view;
        })();
    const merged = mode === "patch" ? mergePatch(instanceView, input) : { ...input };
    delete merged.recurrence;
    const now = Date.now();
    const original = {
      ms: occurrence.startMs,
      date: master.allDay ? wallDate(occurrence.wall) : undefined,
      timeZone: master.start.timeZone,
    };
    const event = this.build(
      calendar,
      merged,
      {
        id,
        iCalUID: master.iCalUID,
        organizer: master.organizer,
        creator: master.creator,
        created: existing?.created ?? now,
        sequence: existing?.sequence ?? master.sequence,
        recurringEventId: master.id,
        originalStart: original,
        updated: existing?.updated,
        fields: existing?.fields ?? master.fields,
      },
      options,
    );
    if (!existing && (event.start.ms !== occurrence.startMs || event.end.ms !== occurrence.startMs + duration)) {
      event.sequence = master.sequence + 1;
    }
    this.touch(event, now);
    store.set(id, event);
    return event;
  }

  /** A stored event, or an instance computed from its master. Throws 404 when neither. */
  lookup(calendarId: string, eventId: string): { stored: StoredEvent } | { master: StoredEvent; occurrence: Occurrence } {
    const store = this.store(calendarId);
    const stored = store.get(eventId);
    if (stored) return { stored };
    const parsed = parseInstanceId(eventId);
    if (parsed) {
      const master = store.get(parsed.masterId);
      if (master?.recurrence) {
        const occurrence = findOccurrence(master, parsed);
        if (occurrence && instanceIdOf(master, occurrence) === eventId) return { master, occurrence };
      }
    }
    throw notFound();
  }

  updateEvent(
    calendarId: string,
    eventId: string,
    input: Record<string, unknown>,
    mode: "patch" | "put",
    options: WriteOptions = {},
  ): StoredEvent {
    const found = this.lookup(calendarId, eventId);
    if ("master" in found) {
      if (found.master.status === "cancelled") throw deleted();
      return this.writeException(found.master, found.occurrence, input, options, mode);
    }
    const existing = found.stored;
    if (existing.recurringEventId) {
      const master = this.store(calendarId).get(existing.recurringEventId)!;
      const original = existing.originalStart!;
      const occurrence: Occurrence = {
        startMs: original.ms,
        wall: master.allDay ? parseDateOnly(original.date)! : wallTimeOf(original.ms, master.zone),
      };
      return this.writeException(master, occurrence, input, options, mode);
    }
    const calendar = this.calendars.get(calendarId)!;
    const merged = mode === "patch" ? mergePatch(writableView(existing), input) : { ...input };
    if (mode === "put" && merged.status === undefined) merged.status = "confirmed";
    if (input.id !== undefined && input.id !== existing.id) throw invalid("Invalid resource id value.");
    const event = this.build(
      calendar,
      merged,
      {
        id: existing.id,
        iCalUID: existing.iCalUID,
        organizer: existing.organizer,
        creator: existing.creator,
        created: existing.created,
        sequence: existing.sequence,
        updated: existing.updated,
        fields: existing.fields,
      },
      options,
    );
    const timingChanged =
      event.start.ms !== existing.start.ms ||
      event.end.ms !== existing.end.ms ||
      JSON.stringify(event.recurrence?.lines) !== JSON.stringify(existing.recurrence?.lines);
    if (timingChanged && typeof input.sequence !== "number") event.sequence = existing.sequence + 1;
    this.touch(event, Date.now());
    this.store(calendarId).set(event.id, event);
    return event;
  }

  /** Google DELETE: the event (or instance) becomes status "cancelled"; deleting twice → 410. */
  deleteEvent(calendarId: string, eventId: string): void {
    const found = this.lookup(calendarId, eventId);
    const now = Date.now();
    if ("master" in found) {
      if (found.master.status === "cancelled") throw deleted();
      this.writeException(found.master, found.occurrence, { status: "cancelled" }, {}, "patch");
      return;
    }
    const event = found.stored;
    if (event.status === "cancelled") throw deleted();
    event.status = "cancelled";
    this.touch(event, now);
    if (event.recurrence) {
      for (const other of this.store(calendarId).values()) {
        if (other.recurringEventId === event.id && other.status !== "cancelled") {
          other.status = "cancelled";
          this.touch(other, now);
        }
      }
    }
  }

  /** Exceptions of a master keyed by occurrence key. */
  exceptionsOf(master: StoredEvent): Map<string, StoredEvent> {
    const out = new Map<string, StoredEvent>();
    for (const e of this.store(master.calendarId).values()) {
      if (e.recurringEventId === master.id && e.originalStart) {
        out.set(occurrenceKey(master.allDay, e.originalStart.ms, e.originalStart.date), e);
      }
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // Sync tokens

  issueSyncToken(input: Omit<SyncTokenState, "token" | "valid">): string {
    const token = `C${randomBytes(12).toString("base64url")}${this.seq.toString(36)}=`;
    this.syncTokens.set(token, { ...input, token, valid: true });
    return token;
  }

  /** Invalidates the sync tokens of one calendar (or all): their next use answers 410. */
  invalidateSyncTokens(calendarId?: string): number {
    let n = 0;
    for (const state of this.syncTokens.values()) {
      if (state.valid && (!calendarId || state.calendarId === calendarId)) {
        state.valid = false;
        n++;
      }
    }
    return n;
  }

  // -------------------------------------------------------------------------------------------
  // Push notifications

  resourceIdFor(calendarId: string): string {
    return createHash("sha1").update(`events:${calendarId}`).digest("base64url").slice(0, 27);
  }

  createChannel(channel: Omit<Channel, "kind" | "messageNumber" | "resourceId" | "resourceUri">): Channel {
    if (this.channels.has(channel.id)) {
      throw googleError(400, "channelIdNotUnique", `Channel id ${channel.id} not unique`, { domain: "push" });
    }
    const created: Channel = {
      ...channel,
      kind: "api#channel",
      resourceId: this.resourceIdFor(channel.calendarId),
      resourceUri: `${this.origin()}/calendar/v3/calendars/${encodeURIComponent(channel.calendarId)}/events?alt=json`,
      messageNumber: 0,
    };
    this.channels.set(created.id, created);
    // Google confirms a new channel with a "sync" message right away.
    setImmediate(() => void this.sendNotification(created, "sync"));
    return created;
  }

  stopChannel(id: string, resourceId: string | undefined): boolean {
    const channel = this.channels.get(id);
    if (!channel || (resourceId !== undefined && channel.resourceId !== resourceId)) return false;
    this.channels.delete(id);
    return true;
  }

  liveChannels(): Channel[] {
    const now = Date.now();
    for (const [id, channel] of this.channels) if (channel.expiration <= now) this.channels.delete(id);
    return [...this.channels.values()];
  }

  sendNotification(channel: Channel, state: "sync" | "exists" | "not_exists") {
    channel.messageNumber++;
    const headers: Record<string, string> = {
      "x-goog-channel-id": channel.id,
      "x-goog-channel-expiration": new Date(channel.expiration).toUTCString(),
      "x-goog-resource-id": channel.resourceId,
      "x-goog-resource-uri": channel.resourceUri,
      "x-goog-resource-state": state,
      "x-goog-message-number": String(channel.messageNumber),
      "user-agent": "APIs-Google; (+https://developers.google.com/webmasters/APIs-Google.html)",
    };
    if (channel.token !== undefined) headers["x-goog-channel-token"] = channel.token;
    return this.outbox.send("google-push", channel.address, { headers, body: "" });
  }

  /** Coalesces all changes made in one tick into one notification per channel. */
  private queueNotification(calendarId: string): void {
    if (this.pendingNotifications.size === 0) {
      setImmediate(() => {
        const calendars = [...this.pendingNotifications];
        this.pendingNotifications.clear();
        for (const channel of this.liveChannels()) {
          if (calendars.includes(channel.calendarId)) void this.sendNotification(channel, "exists");
        }
      });
    }
    this.pendingNotifications.add(calendarId);
  }
}
