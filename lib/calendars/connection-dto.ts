/**
 * What the API and the UI see of connections and their calendars. Built from
 * an explicit column list that leaves `credentials` out, so no token,
 * password or feed URL can reach a response by accident.
 */
import type { Prisma } from "../db/generated/client";
import type { ProviderKind } from "./provider";

export type ConnectionStatus = "active" | "needs_reconnect" | "error";

export interface CalendarDto {
  id: string;
  connectionId: string;
  provider: ProviderKind;
  name: string;
  isPrimary: boolean;
  /** Only writable calendars can be the destination of new bookings. */
  canWrite: boolean;
  timeZone: string | null;
  color: string | null;
  selectedForConflicts: boolean;
  isDestination: boolean;
}

export interface ConnectionDto {
  id: string;
  provider: ProviderKind;
  /** The account's address, "username · server", or the feed's name. */
  label: string;
  accountEmail: string | null;
  status: ConnectionStatus;
  /** Why the connection is not active (readable, for the host). */
  lastError: string | null;
  lastErrorAt: string | null;
  createdAt: string;
  calendars: CalendarDto[];
}

export const CALENDAR_SELECT = {
  id: true,
  connectionId: true,
  name: true,
  isPrimary: true,
  canWrite: true,
  timeZone: true,
  color: true,
  selectedForConflicts: true,
  isDestination: true,
  createdAt: true,
  connection: { select: { provider: true } },
} as const satisfies Prisma.ConnectedCalendarSelect;

export const CONNECTION_SELECT = {
  id: true,
  provider: true,
  label: true,
  accountEmail: true,
  status: true,
  lastError: true,
  lastErrorAt: true,
  createdAt: true,
  calendars: { select: CALENDAR_SELECT, orderBy: [{ isPrimary: "desc" }, { name: "asc" }, { createdAt: "asc" }] },
} as const satisfies Prisma.CalendarConnectionSelect;

type CalendarRow = Prisma.ConnectedCalendarGetPayload<{ select: typeof CALENDAR_SELECT }>;
type ConnectionRow = Prisma.CalendarConnectionGetPayload<{ select: typeof CONNECTION_SELECT }>;

export function toCalendarDto(row: CalendarRow): CalendarDto {
  return {
    id: row.id,
    connectionId: row.connectionId,
    provider: row.connection.provider,
    name: row.name,
    isPrimary: row.isPrimary,
    canWrite: row.canWrite,
    timeZone: row.timeZone,
    color: row.color,
    selectedForConflicts: row.selectedForConflicts,
    isDestination: row.isDestination,
  };
}

export function toConnectionDto(row: ConnectionRow): ConnectionDto {
  return {
    id: row.id,
    provider: row.provider,
    label: row.label,
    accountEmail: row.accountEmail,
    status: row.status,
    lastError: row.lastError,
    lastErrorAt: row.lastErrorAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    calendars: row.calendars.map(toCalendarDto),
  };
}
