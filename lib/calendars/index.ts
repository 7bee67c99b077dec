/**
 * Connected calendars: what the rest of Kairos calls. Provider adapters live
 * in google/, microsoft/, caldav/ and ics/ behind CalendarProvider; these are
 * the host-scoped services above them.
 */
export { blocksTime, PROVIDER_KINDS, type CalendarProvider, type EventWrite, type ProviderCalendar, type ProviderEvent, type ProviderKind } from "./provider";
export { CalendarProviderError, type ProviderErrorReason } from "./provider-error";
export { providerForConnection, type ConnectionForProvider, type ConnectionProvider, type ProviderForConnectionOptions } from "./provider-for-connection";
export { listConflictCalendars, type ConflictCalendar, type ConflictCalendars, type ConflictSource } from "./list-conflict-calendars";
export { resolveDestinationCalendar, type DestinationCalendar } from "./resolve-destination-calendar";
export { loadExternalBusy, type BusySource, type BusySourceStatus, type ExternalBusy, type ExternalBusyBlock } from "./load-external-busy";
export { calendarSyncHealth, type CalendarSyncHealth, type CalendarSyncHealthReport } from "./calendar-sync-health";
export { blocksTimeSql } from "./blocks-time-sql";
export { registerDisconnectHook, type DisconnectHook, type DisconnectHookContext } from "./disconnect-hooks";
export type { CalendarDto, ConnectionDto, ConnectionStatus } from "./connection-dto";
