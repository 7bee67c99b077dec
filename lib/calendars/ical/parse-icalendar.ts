/**
 * Reads iCalendar text (RFC 5545) into ical.js components, tolerating what
 * real feeds get wrong (byte-order mark, bare LF line ends, blank lines,
 * several VCALENDARs in one file) and rejecting what is not a calendar at all
 * with a message a person can act on.
 */
import ICAL from "ical.js";

/** The text is not iCalendar (an HTML login page, JSON, garbage) or is too broken to read. */
export class InvalidIcalendarError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "InvalidIcalendarError";
  }
}

/** Every top-level VCALENDAR in `text`, in order. */
export function parseIcalendar(text: string): ICAL.Component[] {
  const cleaned = text
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    // Blank lines are not allowed by the grammar, and ical.js rejects them.
    .replace(/\n[ \t]*(?=\n)/g, "")
    .trim();

  if (!/^BEGIN:VCALENDAR\b/i.test(cleaned)) {
    throw new InvalidIcalendarError(`This is not an iCalendar file: it starts with "${preview(cleaned)}" instead of BEGIN:VCALENDAR.`);
  }

  let parsed: unknown;
  try {
    parsed = ICAL.parse(cleaned);
  } catch (error) {
    throw new InvalidIcalendarError(
      `The iCalendar file could not be read: ${error instanceof Error ? error.message : String(error)}.`,
      { cause: error },
    );
  }

  // ICAL.parse answers one jCal array for one root component and an array of
  // them for several.
  const jcals = (Array.isArray(parsed) && Array.isArray(parsed[0]) ? parsed : [parsed]) as unknown[];
  const roots = jcals.map((jcal) => new ICAL.Component(jcal as ConstructorParameters<typeof ICAL.Component>[0]));
  const calendars = roots.filter((root) => root.name === "vcalendar");
  if (calendars.length === 0) throw new InvalidIcalendarError("The file holds no VCALENDAR.");
  return calendars;
}

function preview(text: string): string {
  const firstLine = (text.split("\n", 1)[0] ?? "").replace(/[^\x20-\x7E]/g, "?");
  if (firstLine === "") return "(nothing)";
  return firstLine.length > 40 ? `${firstLine.slice(0, 40)}…` : firstLine;
}
