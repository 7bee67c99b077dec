/**
 * Translation between Microsoft Graph event resources and Kairos' normalized
 * shapes (pure functions; the adapter does the calls). The adapter asks for
 * times in UTC (`Prefer: outlook.timezone="UTC"`); all-day events float
 * (midnight on their dates whatever the zone) and are pinned to the mailbox's zone.
 */
import { isValidTimeZone, startOfZonedDay, toZonedIso, zonedTimeToInstant } from "../../time";
import type { EventWrite, ProviderEvent, WrittenEvent } from "../provider";

/** The parts of a Graph event Kairos reads. */
export interface GraphEvent {
  id: string;
  "@odata.etag"?: string;
  "@removed"?: { reason?: string };
  subject?: string | null;
  bodyPreview?: string | null;
  location?: { displayName?: string | null } | null;
  start?: { dateTime: string; timeZone?: string | null } | null;
  end?: { dateTime: string; timeZone?: string | null } | null;
  isAllDay?: boolean;
  isCancelled?: boolean;
  showAs?: string | null;
  responseStatus?: { response?: string | null } | null;
  type?: string | null;
  seriesMasterId?: string | null;
  onlineMeeting?: { joinUrl?: string | null } | null;
  lastModifiedDateTime?: string | null;
}

/** Fields asked for with $select where Graph allows it (calendarView). */
export const GRAPH_EVENT_FIELDS = [
  "id",
  "subject",
  "bodyPreview",
  "location",
  "start",
  "end",
  "isAllDay",
  "isCancelled",
  "showAs",
  "responseStatus",
  "type",
  "seriesMasterId",
  "onlineMeeting",
  "lastModifiedDateTime",
].join(",");

const LOCAL = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/;

/** A Graph dateTimeTimeZone ("2026-03-16T08:00:00.0000000" + zone) as an instant; null if unreadable. */
function instantOf(time: GraphEvent["start"], allDay: boolean, allDayZone: string): number | null {
  const m = time?.dateTime ? LOCAL.exec(time.dateTime) : null;
  if (!m) return null;
  const [, date, hh, mm, ss] = m;
  if (allDay) return startOfZonedDay(date, allDayZone);
  const zone = time?.timeZone && time.timeZone !== "UTC" && isValidTimeZone(time.timeZone) ? time.timeZone : "UTC";
  const ms = zonedTimeToInstant(date, Number(hh) * 60 + Number(mm), zone) + Number(ss ?? 0) * 1000;
  return Number.isNaN(ms) ? null : ms;
}

const SELF_RESPONSE: Record<string, ProviderEvent["selfResponse"]> = {
  accepted: "accepted",
  tentativelyAccepted: "tentative",
  declined: "declined",
  notResponded: "needsAction",
};

/**
 * One calendarView / delta item as a ProviderEvent; null for @removed
 * entries and items without times.
 */
export function toProviderEvent(event: GraphEvent, allDayZone: string): ProviderEvent | null {
  if (!event.id || event["@removed"]) return null;
  const zone = isValidTimeZone(allDayZone) ? allDayZone : "UTC";
  const allDay = event.isAllDay === true;
  const start = instantOf(event.start, allDay, zone);
  const end = instantOf(event.end, allDay, zone);
  if (start === null || end === null) return null;
  const out: ProviderEvent = {
    externalId: event.id,
    title: event.subject ?? "",
    start,
    end,
    allDay,
    status: event.isCancelled ? "cancelled" : "confirmed",
    // "workingElsewhere" marks where someone works, not that they are taken (Google's
    // working-location events are transparent too).
    showAs: event.showAs === "free" || event.showAs === "workingElsewhere" ? "free" : "busy",
  };
  if (event.seriesMasterId && (event.type === "occurrence" || event.type === "exception")) out.seriesId = event.seriesMasterId;
  if (event.bodyPreview) out.description = event.bodyPreview;
  if (event.location?.displayName) out.location = event.location.displayName;
  // "organizer" and "none": the owner was not invited, so there is no answer of theirs.
  const selfResponse = SELF_RESPONSE[event.responseStatus?.response ?? ""];
  if (selfResponse) out.selfResponse = selfResponse;
  if (event.onlineMeeting?.joinUrl) out.conferenceUrl = event.onlineMeeting.joinUrl;
  if (event["@odata.etag"]) out.etag = event["@odata.etag"];
  const updatedAt = event.lastModifiedDateTime ? Date.parse(event.lastModifiedDateTime) : NaN;
  if (!Number.isNaN(updatedAt)) out.updatedAt = updatedAt;
  return out;
}

/** "2026-12-07T09:00:00": the wall-clock time Graph expects next to a timeZone name. */
function wallTime(instant: number, zone: string): string {
  return toZonedIso(instant, zone).slice(0, 19);
}

/** The fields Kairos writes (POST and PATCH alike; transactionId is added on POST). */
export function toGraphEventBody(event: EventWrite): Record<string, unknown> {
  const body: Record<string, unknown> = {
    subject: event.title,
    body: { contentType: "text", content: event.description },
    // IANA names are accepted by Graph; the event then reads in the host's zone in Outlook.
    start: { dateTime: wallTime(event.start, event.timeZone), timeZone: event.timeZone },
    end: { dateTime: wallTime(event.end, event.timeZone), timeZone: event.timeZone },
    attendees: event.attendees.map((a) => ({ emailAddress: { address: a.email, name: a.name }, type: "required" })),
  };
  if (event.location !== undefined) body.location = { displayName: event.location };
  if (event.attendeesPrivate) body.hideAttendees = true;
  if (event.conference === "microsoft_teams") {
    body.isOnlineMeeting = true;
    body.onlineMeetingProvider = "teamsForBusiness";
  }
  return body;
}

export function toWrittenEvent(event: GraphEvent): WrittenEvent {
  const out: WrittenEvent = { externalId: event.id };
  if (event.onlineMeeting?.joinUrl) out.conferenceUrl = event.onlineMeeting.joinUrl;
  if (event["@odata.etag"]) out.etag = event["@odata.etag"];
  return out;
}
