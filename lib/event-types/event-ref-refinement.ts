import type { z } from "zod";

interface EventRefFields {
  eventTypeId?: string;
  username?: string;
  eventSlug?: string;
}

/**
 * The one rule for naming an event type in public input (slots query, booking):
 * either `eventTypeId`, or `username` + `eventSlug` — never both, never half.
 * `missingMessage` lets each caller say what the event is needed for.
 */
export function requireOneEventRef(missingMessage: string) {
  return (input: EventRefFields, ctx: z.RefinementCtx) => {
    const byId = input.eventTypeId !== undefined;
    const bySlug = input.username !== undefined || input.eventSlug !== undefined;
    if (byId && bySlug) {
      ctx.addIssue({ code: "custom", path: ["eventTypeId"], message: "Give either eventTypeId or username and eventSlug, not both." });
    } else if (!byId && !(input.username && input.eventSlug)) {
      ctx.addIssue({
        code: "custom",
        path: [input.username ? "eventSlug" : input.eventSlug ? "username" : "eventTypeId"],
        message: missingMessage,
      });
    }
  };
}
