/**
 * Every kind of durable background job and the payload it carries. Payloads
 * name what to work on, never its content: a handler always reads the current
 * state, so a job that runs late (or twice) does the right thing.
 *
 * Flags are present only when true: enqueueing a job whose key is already
 * queued merges the payloads (jsonb `||`), so a `full: true` is never lost to a
 * later plain request.
 */
import type { CalendarProviderKind } from "../db/generated/client";

export interface JobPayloads {
  /** Incremental sync of one connected calendar into the busy store (lib/sync). */
  "calendar.sync": { calendarId: string; reason: SyncReason; full?: true };
  /**
   * Make one calendar's push channel match its selection: create, renew or stop it (lib/sync/push).
   * `renew`: renew now even if not expiring soon (Graph's reauthorizationRequired).
   */
  "calendar.watch": { calendarId: string; renew?: true };
  /**
   * Stop a push channel at the provider (after untick, disconnect or renewal).
   * `removed`: the channel as the provider knows it, when its row is deleted in
   * the transaction that enqueues this (its calendar left the account) — the
   * one exception to "never its content": nothing else is left to read.
   */
  "calendar.unwatch": { channelId: string; removed?: RemovedPushChannel };
  /** Make the host's calendar match one booking: create, move or delete its event (lib/booking). */
  "booking.write-back": { bookingId: string };
  /** A host (re)connected a calendar account: queue their failed calendar writes again (lib/booking/retry-failed-write-backs.ts). */
  "booking.retry-failed-write-backs": { hostId: string };
  /** Delete an event Kairos wrote that no booking belongs to any more (lib/booking/delete-orphan-event.ts). */
  "booking.delete-orphan-event": { calendarId: string; eventId: string };
}

export type JobKind = keyof JobPayloads;

/** What stopping a deleted push channel takes: the account's credentials (by connection) and the provider's ids. */
export interface RemovedPushChannel {
  connectionId: string;
  /** The deleted calendar's id (what the job's run is about). */
  calendarId: string;
  calendarExternalId: string;
  provider: CalendarProviderKind;
  /** Google resource id / Graph subscription id. */
  externalId: string | null;
  /** ISO instant. */
  expiresAt: string;
}

export type SyncReason = "push" | "poll" | "manual" | "selected" | "connected" | "horizon" | "recovery";
