/**
 * The API representation of a booking. Instants are ISO 8601 in UTC ("…Z"):
 * one unambiguous form; clients render them in whichever zone they show.
 */
import { config } from "../config";
import type { Booking, Prisma } from "../db/generated/client";
import type { Location, LocationType } from "../event-types/event-type-schema";

/** What every booking query includes so a DTO can be built from its row. */
export const bookingRelations = {
  host: { select: { id: true, name: true, username: true, email: true, timeZone: true } },
  eventType: { select: { slug: true, title: true } },
} satisfies Prisma.BookingInclude;

export type BookingWithRelations = Prisma.BookingGetPayload<{ include: typeof bookingRelations }>;

export interface BookingDto {
  uid: string;
  status: "confirmed" | "cancelled";
  start: string;
  end: string;
  /** null once the event type has been deleted (the booking itself stays). */
  eventTypeId: string | null;
  title: string;
  attendee: { name: string; email: string; timeZone: string };
  notes: string | null;
  location: Location | { type: LocationType; value?: string };
  hostName: string;
  hostUsername: string;
  eventSlug: string | null;
  /** The event type's title; null once it was deleted. It names a group event's meeting (each seat's own `title` names its guest). */
  eventTitle: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  createdAt: string;
  /**
   * The Meet / Teams link the host's calendar made for this meeting; null
   * until it exists (the write-back is pending) and for fixed locations.
   */
  conferenceUrl: string | null;
  /**
   * Seated event types (group events): the meeting this booking is one seat
   * of — bookings with the same seatGroupId are one meeting with several
   * guests. null for ordinary bookings.
   */
  seatGroupId: string | null;
  /** Host only: where the booking stands with the host's calendar (none = no destination calendar). */
  writeBack?: WriteBackDto;
  /** The guest links: present only when the caller holds the guest token. */
  manageUrl?: string;
  cancelUrl?: string;
  /** null when the event type no longer exists, so there is nothing to pick a new time from. */
  rescheduleUrl?: string | null;
}

export interface WriteBackDto {
  status: "none" | "pending" | "synced" | "failed";
  /** Why it failed (or, while pending, why the last attempt did not get through). */
  error: string | null;
  updatedAt: string | null;
}

export interface BookingDtoContext {
  /** The guest's manage token, when the caller presented or just received it. */
  token?: string;
  /** Who asks: the host also sees the calendar write-back state. Default: the guest when a token is given, else the host. */
  viewer?: "host" | "guest";
  host: { name: string; username: string };
  eventSlug: string | null;
  eventTitle?: string | null;
}

export function toBookingDto(row: Booking, context: BookingDtoContext): BookingDto {
  const dto: BookingDto = {
    uid: row.uid,
    status: row.status,
    start: row.startAt.toISOString(),
    end: row.endAt.toISOString(),
    eventTypeId: row.eventTypeId,
    title: row.title,
    attendee: { name: row.attendeeName, email: row.attendeeEmail, timeZone: row.attendeeTimeZone },
    notes: row.notes,
    location: row.locationValue === null ? { type: row.locationType } : { type: row.locationType, value: row.locationValue },
    hostName: context.host.name,
    hostUsername: context.host.username,
    eventSlug: context.eventSlug,
    eventTitle: context.eventTitle ?? null,
    cancelledAt: row.cancelledAt ? row.cancelledAt.toISOString() : null,
    cancelReason: row.cancelReason,
    createdAt: row.createdAt.toISOString(),
    conferenceUrl: row.conferenceUrl,
    seatGroupId: row.seatGroupId,
  };
  if ((context.viewer ?? (context.token ? "guest" : "host")) === "host") {
    dto.writeBack = {
      status: row.writeBackStatus,
      error: row.writeBackError,
      updatedAt: row.writeBackUpdatedAt ? row.writeBackUpdatedAt.toISOString() : null,
    };
  }
  if (context.token) Object.assign(dto, guestUrls(row.uid, context.token, context.host.username, context.eventSlug));
  return dto;
}

/** Shorthand for a row loaded with `bookingRelations`. */
export function toBookingDtoFromRow(row: BookingWithRelations, token?: string, viewer?: "host" | "guest"): BookingDto {
  return toBookingDto(row, { token, viewer, host: row.host, eventSlug: row.eventType?.slug ?? null, eventTitle: row.eventType?.title ?? null });
}

/** The guest's links, all absolute and all carrying the unguessable token. */
export function guestUrls(uid: string, token: string, username: string, eventSlug: string | null) {
  const base = config().publicUrl;
  const u = encodeURIComponent(uid);
  const t = encodeURIComponent(token);
  return {
    manageUrl: `${base}/booking/${u}?token=${t}`,
    cancelUrl: `${base}/booking/${u}/cancel?token=${t}`,
    rescheduleUrl: eventSlug
      ? `${base}/${encodeURIComponent(username)}/${encodeURIComponent(eventSlug)}?rescheduleUid=${u}&token=${t}`
      : null,
  };
}
