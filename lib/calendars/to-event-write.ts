import type { EventWrite } from "./provider";

/** Validated API input (see calendar-event-schema.ts) → what an adapter writes. Omitted text fields are empty, so a replace clears them on every provider. */
export function toEventWrite(
  input: {
    title: string;
    description?: string;
    start: number;
    end: number;
    timeZone: string;
    location?: string;
    attendees?: { email: string; name?: string }[];
    conference?: EventWrite["conference"];
  },
  idempotencyKey: string,
): EventWrite {
  const write: EventWrite = {
    idempotencyKey,
    title: input.title,
    description: input.description ?? "",
    start: input.start,
    end: input.end,
    timeZone: input.timeZone,
    // "" rather than undefined: Google and Graph keep a location that is not sent.
    location: input.location ?? "",
    attendees: (input.attendees ?? []).map((a) => ({ email: a.email, name: a.name ?? "" })),
  };
  if (input.conference) write.conference = input.conference;
  return write;
}
