/**
 * The calendar providers of the e2e run, as a person at the provider sees
 * them: the emulators' control APIs ("someone adds an event in Google") and a
 * plain tsdav client on Radicale. Specs read the provider's side through these,
 * never through Kairos, so a write-back bug cannot hide behind Kairos' own view.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import ICAL from "ical.js";
import { DAVClient } from "tsdav";
import { GoogleControl } from "../emulators/google/control";
import { MicrosoftControl } from "../emulators/microsoft/control";
import { CERT_FILE } from "../emulators/microsoft/certificate";
import { createTrustingDispatcher } from "../emulators/shared/trust";
import { GOOGLE_EMULATOR_URL, MICROSOFT_CERT_DIR, MICROSOFT_EMULATOR_URL, RADICALE_URL, RADICALE_USER } from "./e2e-env";

/** A calendar event as the specs compare it across providers. */
export interface ProviderEvent {
  id: string;
  start: number;
  end: number;
  /** The Meet / Teams join link, or the fixed location. */
  link: string | null;
}

/** What a journey needs from one provider. */
export interface CalendarAccount {
  /** The calendar's name in Settings → Calendars. */
  calendarName: string;
  /** "Someone adds a meeting in their calendar" (not through Kairos). */
  addBusyEvent(start: number, end: number, title: string): Promise<void>;
  /** The event Kairos wrote for a booking (found by the booking link in its description), if it exists. */
  bookingEvent(bookingUid: string): Promise<ProviderEvent | undefined>;
}

export function googleControl(): GoogleControl {
  return new GoogleControl(GOOGLE_EMULATOR_URL);
}

/** The Microsoft emulator's control client, trusting its self-signed certificate. */
export async function microsoftControl(): Promise<MicrosoftControl> {
  const pem = readFileSync(path.join(MICROSOFT_CERT_DIR, CERT_FILE), "utf8");
  return new MicrosoftControl(MICROSOFT_EMULATOR_URL, await createTrustingDispatcher(pem));
}

/** A Google account whose primary calendar (id = e-mail) is the one connected. */
export function googleAccount(control: GoogleControl, email: string): CalendarAccount {
  return {
    calendarName: email,
    async addBusyEvent(start, end, title) {
      await control.createEvent(email, { summary: title, start: { dateTime: new Date(start).toISOString() }, end: { dateTime: new Date(end).toISOString() } });
    },
    async bookingEvent(bookingUid) {
      const { items } = await control.listStoredEvents(email);
      const event = items.find((e) => e.status !== "cancelled" && String(e.description ?? "").includes(`/booking/${bookingUid}`));
      if (!event) return undefined;
      const { start, end } = event as unknown as { start: { dateTime: string }; end: { dateTime: string } };
      return { id: event.id, start: Date.parse(start.dateTime), end: Date.parse(end.dateTime), link: (event.hangoutLink as string | undefined) ?? null };
    },
  };
}

/** A Microsoft 365 user whose default calendar ("Calendar") is the one connected. */
export function microsoftAccount(control: MicrosoftControl, email: string): CalendarAccount {
  // Graph renders UTC as "2026-11-23T10:00:00.0000000" with timeZone "UTC" (the control API's view).
  const utc = (t: { dateTime: string; timeZone: string }) => {
    if (t.timeZone !== "UTC") throw new Error(`Expected a UTC time from the control API, got ${t.timeZone}`);
    return Date.parse(`${t.dateTime.replace(/\.\d+$/, "")}Z`);
  };
  return {
    calendarName: "Calendar",
    async addBusyEvent(start, end, title) {
      const at = (ms: number) => ({ dateTime: new Date(ms).toISOString().replace("Z", ""), timeZone: "UTC" });
      await control.createEvent(email, { subject: title, start: at(start), end: at(end), showAs: "busy" });
    },
    async bookingEvent(bookingUid) {
      const { value } = await control.listStoredEvents(email);
      const event = value.find((e) => String((e.body as { content?: string } | undefined)?.content ?? "").includes(`/booking/${bookingUid}`));
      if (!event) return undefined;
      const { start, end, onlineMeeting } = event as unknown as {
        start: { dateTime: string; timeZone: string };
        end: { dateTime: string; timeZone: string };
        onlineMeeting: { joinUrl?: string } | null;
      };
      return { id: String(event.id), start: utc(start), end: utc(end), link: onlineMeeting?.joinUrl ?? null };
    },
  };
}

/** tsdav logged in to Radicale as the e2e CalDAV user. */
export async function radicaleClient(): Promise<DAVClient> {
  const client = new DAVClient({ serverUrl: RADICALE_URL, credentials: RADICALE_USER, authMethod: "Basic", defaultAccountType: "caldav" });
  await client.login();
  return client;
}

/** Radicale reachable? (Debian's `radicale` package is optional on a developer's machine.) */
export async function radicaleRunning(): Promise<boolean> {
  return fetch(RADICALE_URL, { method: "OPTIONS", signal: AbortSignal.timeout(2000) }).then(
    () => true,
    () => false,
  );
}

/** A new calendar collection on Radicale, connected later through the Settings form. */
export async function caldavAccount(client: DAVClient, name: string): Promise<CalendarAccount & { calendarUrl: string }> {
  const home = `${RADICALE_URL}${encodeURIComponent(RADICALE_USER.username)}/`;
  const calendarUrl = `${home}${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}/`;
  const [made] = await client.makeCalendar({ url: calendarUrl, props: { "d:displayname": name } });
  if (!made?.ok) throw new Error(`Radicale refused to make ${calendarUrl}: ${made?.status}`);
  return {
    calendarName: name,
    calendarUrl,
    async addBusyEvent(start, end, title) {
      const uid = `e2e-busy-${start}@example.test`;
      const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");
      const ics = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//e2e//EN", "BEGIN:VEVENT", `UID:${uid}`, `DTSTAMP:${stamp(Date.now())}`,
        `DTSTART:${stamp(start)}`, `DTEND:${stamp(end)}`, `SUMMARY:${title}`, "END:VEVENT", "END:VCALENDAR", ""].join("\r\n");
      const response = await client.createCalendarObject({ calendar: { url: calendarUrl }, filename: `${uid}.ics`, iCalString: ics });
      if (!response.ok) throw new Error(`Radicale refused the event: ${response.status}`);
    },
    async bookingEvent(bookingUid) {
      for (const object of await client.fetchCalendarObjects({ calendar: { url: calendarUrl } })) {
        const event = parseEvent(String(object.data ?? ""));
        if (event?.description.includes(`/booking/${bookingUid}`)) return { id: event.uid, start: event.start, end: event.end, link: event.location };
      }
      return undefined;
    },
  };
}

/** The VEVENT of a calendar object, with its times resolved through the object's own VTIMEZONE. */
function parseEvent(ics: string): { uid: string; start: number; end: number; description: string; location: string | null } | undefined {
  if (!ics.includes("BEGIN:VEVENT")) return undefined;
  const calendar = new ICAL.Component(ICAL.parse(ics));
  // Unregistered, a TZID time would silently read as floating time (this process's zone).
  for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
  const vevent = calendar.getFirstSubcomponent("vevent");
  if (!vevent) return undefined;
  const event = new ICAL.Event(vevent);
  return {
    uid: event.uid,
    start: event.startDate.toJSDate().getTime(),
    end: event.endDate.toJSDate().getTime(),
    description: event.description ?? "",
    location: event.location || null,
  };
}
