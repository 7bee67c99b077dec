import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { resolveCalendarWindow } from "./resolve-calendar-window";

const utc = (iso: string) => Date.parse(iso);

function refusal(query: { start: string; end: string }, zone = "Europe/Berlin"): unknown {
  try {
    resolveCalendarWindow(query, zone);
  } catch (error) {
    return error;
  }
  throw new Error("expected a refusal");
}

describe("resolveCalendarWindow", () => {
  it("reads dates as whole days of the host's zone, the end date included", () => {
    expect(resolveCalendarWindow({ start: "2026-05-01", end: "2026-05-31" }, "Europe/Berlin")).toEqual({
      start: utc("2026-04-30T22:00:00Z"),
      end: utc("2026-05-31T22:00:00Z"),
    });
    expect(resolveCalendarWindow({ start: "2026-05-04", end: "2026-05-04" }, "America/New_York")).toEqual({
      start: utc("2026-05-04T04:00:00Z"),
      end: utc("2026-05-05T04:00:00Z"),
    });
  });

  it("takes instants as they are, and mixes with dates", () => {
    expect(resolveCalendarWindow({ start: "2026-05-04T10:00:00+02:00", end: "2026-05-04T12:00:00Z" }, "UTC")).toEqual({
      start: utc("2026-05-04T08:00:00Z"),
      end: utc("2026-05-04T12:00:00Z"),
    });
    expect(resolveCalendarWindow({ start: "2026-05-04T10:00:00Z", end: "2026-05-05" }, "Europe/Berlin").end).toBe(utc("2026-05-05T22:00:00Z"));
  });

  it("allows 62 local days even when a DST change makes one 25 hours, not 63", () => {
    expect(() => resolveCalendarWindow({ start: "2026-10-01", end: "2026-12-01" }, "Europe/Berlin")).not.toThrow();
    expect(refusal({ start: "2026-10-01", end: "2026-12-02" })).toMatchObject({ code: "validation_error", details: [{ path: "end" }] });
    expect(() => resolveCalendarWindow({ start: "2026-01-01T00:00:00Z", end: "2026-03-04T00:00:00Z" }, "UTC")).not.toThrow();
    expect(refusal({ start: "2026-01-01T00:00:00Z", end: "2026-03-04T01:00:01Z" })).toBeInstanceOf(AppError);
  });

  it("refuses an end that is not after the start, and malformed bounds", () => {
    expect(refusal({ start: "2026-05-04T10:00:00Z", end: "2026-05-04T10:00:00Z" })).toMatchObject({ code: "validation_error", message: "`end` must be after `start`." });
    expect(refusal({ start: "2026-05-05", end: "2026-05-04" })).toMatchObject({ details: [{ path: "end" }] });
    expect(refusal({ start: "May 4", end: "2026-05-04" })).toMatchObject({ name: "ZodError" });
  });
});
