/**
 * Out-of-office ranges: whole local dates a host is away, inclusive at both
 * ends. Host-level — they close every schedule of the host, each schedule
 * reading the dates in its own zone — so they have their own API
 * (/api/v1/out-of-office) rather than living inside one schedule.
 */
import { z } from "zod";
import { daysBetween, isValidIsoDate } from "../time";

/** Longest single range, in days: a sabbatical fits; a typo like 2062 does not. */
export const MAX_OUT_OF_OFFICE_DAYS = 366;

const isoDate = (which: string) =>
  z
    .string({ message: `Give the ${which} date as YYYY-MM-DD.` })
    .trim()
    .refine(isValidIsoDate, { message: `Give the ${which} date as a real date, YYYY-MM-DD.` });

export const outOfOfficeInputSchema = z
  .object({
    start: isoDate("first"),
    end: isoDate("last"),
    note: z
      .string()
      .trim()
      .max(200, "Keep the note under 200 characters.")
      .nullish()
      .transform((v) => (v ? v : null)),
  })
  .superRefine((r, ctx) => {
    if (!isValidIsoDate(r.start) || !isValidIsoDate(r.end)) return;
    if (r.end < r.start) {
      ctx.addIssue({ code: "custom", path: ["end"], message: "The last day must be on or after the first day." });
    } else if (daysBetween(r.start, r.end) + 1 > MAX_OUT_OF_OFFICE_DAYS) {
      ctx.addIssue({ code: "custom", path: ["end"], message: `One range covers at most ${MAX_OUT_OF_OFFICE_DAYS} days; add another for longer.` });
    }
  });
export type OutOfOfficeInput = z.input<typeof outOfOfficeInputSchema>;

/** The API representation: dates inclusive, in the zone of whichever schedule is in use. */
export interface OutOfOfficeDto {
  id: string;
  start: string;
  end: string;
  note: string | null;
}
