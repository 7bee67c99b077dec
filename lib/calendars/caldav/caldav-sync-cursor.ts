/**
 * The CalDAV sync cursor: what the next syncEvents call needs to answer
 * incrementally. CalDAV reports changes per calendar object (one .ics file: a
 * whole series with its overrides), while SyncBatch speaks of occurrences, so
 * the cursor remembers, per object, the occurrence ids it last produced —
 * that is how an EXDATE added to a series becomes removedIds. Its size grows
 * with the occurrences inside the window (≈50 bytes each).
 */
import { z } from "zod";

const cursorSchema = z.object({
  v: z.literal(1),
  /** RFC 6578 sync-token; absent when the server has no sync-collection. */
  token: z.string().optional(),
  /** getctag at the last sync (the fallback's "anything changed?"). */
  ctag: z.string().optional(),
  /** The range occurrences were expanded for (see sync-window.ts). */
  window: z.object({ start: z.number(), end: z.number() }),
  /** Zone floating and all-day times were read in. */
  zone: z.string(),
  /** Object name (last path segment) → its etag and the occurrence ids it produced. */
  objects: z.record(z.string(), z.object({ etag: z.string().optional(), ids: z.array(z.string()) })),
});

export type CalDavCursor = z.infer<typeof cursorSchema>;

export function encodeCalDavCursor(cursor: CalDavCursor): string {
  return JSON.stringify(cursor);
}

/** Null for a missing, foreign or damaged cursor: the caller then syncs in full. */
export function decodeCalDavCursor(value: string | null): CalDavCursor | null {
  if (!value) return null;
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
