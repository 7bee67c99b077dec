import { describe, expect, it } from "vitest";
import {
  formatCalendarDate,
  formatDuration,
  formatLongDate,
  formatMeeting,
  formatMonthName,
  formatMonthYear,
  formatRelativeTime,
  formatTime,
  formatZoneOffset,
} from "./format";

// 2026-12-07T14:30Z = 09:30 in New York (EST, −5), 15:30 in Berlin (CET, +1).
const instant = "2026-12-07T14:30:00.000Z";

describe("formatTime", () => {
  it("writes the wall clock of the given zone, 12- or 24-hour", () => {
    expect(formatTime(instant, "America/New_York", "h12")).toBe("9:30 AM");
    expect(formatTime(instant, "America/New_York", "h23")).toBe("09:30");
    expect(formatTime(instant, "Europe/Berlin", "h12")).toBe("3:30 PM");
    expect(formatTime(instant, "Europe/Berlin", "h23")).toBe("15:30");
  });

  it("uses plain spaces, never ICU's narrow no-break space", () => {
    expect(formatTime(instant, "UTC", "h12")).not.toMatch(/[\u202F\u00A0]/);
  });

  it("writes midnight as 00:00 and 12:00 AM, never 24:00", () => {
    expect(formatTime("2026-12-07T00:00:00Z", "UTC", "h23")).toBe("00:00");
    expect(formatTime("2026-12-07T00:00:00Z", "UTC", "h12")).toBe("12:00 AM");
  });

  it("follows daylight-saving changes", () => {
    // 2026-03-29: Berlin moves from +1 to +2 at 01:00 UTC.
    expect(formatTime("2026-03-29T00:30:00Z", "Europe/Berlin", "h23")).toBe("01:30");
    expect(formatTime("2026-03-29T01:30:00Z", "Europe/Berlin", "h23")).toBe("03:30");
  });
});

describe("dates", () => {
  it("names the date an instant falls on in the zone", () => {
    // 23:30 in New York on the 7th is already the 8th in Tokyo.
    expect(formatLongDate("2026-12-08T04:30:00Z", "America/New_York")).toBe("Monday, December 7, 2026");
    expect(formatLongDate("2026-12-08T04:30:00Z", "Asia/Tokyo")).toBe("Tuesday, December 8, 2026");
  });

  it("writes calendar dates without any zone shifting them", () => {
    expect(formatCalendarDate("2026-12-07")).toBe("Monday, December 7");
    expect(formatCalendarDate("2026-12-07", { year: true })).toBe("Monday, December 7, 2026");
    expect(formatCalendarDate("2027-01-01", { weekday: false, year: true })).toBe("January 1, 2027");
  });

  it("names months", () => {
    expect(formatMonthYear(2026, 12)).toBe("December 2026");
    expect(formatMonthName(1)).toBe("January");
  });

  it("summarises a meeting", () => {
    expect(formatMeeting(instant, "2026-12-07T15:00:00Z", "America/New_York", "h12")).toBe(
      "Monday, December 7, 2026 · 9:30 AM – 10:00 AM",
    );
  });
});

describe("formatZoneOffset and formatDuration", () => {
  it("gives the offset at the moment asked about", () => {
    expect(formatZoneOffset("Europe/Berlin", "2026-12-07T12:00:00Z")).toBe("GMT+1");
    expect(formatZoneOffset("Europe/Berlin", "2026-07-07T12:00:00Z")).toBe("GMT+2");
    expect(formatZoneOffset("Asia/Kolkata", "2026-07-07T12:00:00Z")).toBe("GMT+5:30");
  });

  it("writes durations", () => {
    expect(formatDuration(30)).toBe("30 min");
    expect(formatDuration(60)).toBe("1 h");
    expect(formatDuration(90)).toBe("1 h 30 min");
  });
});

describe("formatRelativeTime", () => {
  const now = Date.parse("2026-06-01T12:00:00Z");
  it.each([
    [now - 10_000, "just now"],
    [now + 30_000, "just now"],
    [now - 50_000, "1 minute ago"],
    [now - 2 * 60_000 - 5_000, "2 minutes ago"],
    [now + 4 * 60_000 + 59_000, "in 4 minutes"],
    [now - 59 * 60_000, "59 minutes ago"],
    [now - 3 * 3_600_000 - 20 * 60_000, "3 hours ago"],
    [now - 30 * 3_600_000, "yesterday"],
    [now - 5 * 86_400_000, "5 days ago"],
    [now + 6 * 3_600_000, "in 6 hours"],
  ])("%s → %s", (instant, text) => {
    expect(formatRelativeTime(instant, now)).toBe(text);
  });
});
