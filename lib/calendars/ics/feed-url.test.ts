import { describe, expect, it } from "vitest";
import { normalizeFeedUrl } from "./feed-url";

describe("normalizeFeedUrl", () => {
  it("turns webcal:// into https:// and adds a missing scheme", () => {
    expect(normalizeFeedUrl("webcal://p01-calendars.icloud.com/published/2/abc")).toEqual({ url: "https://p01-calendars.icloud.com/published/2/abc" });
    expect(normalizeFeedUrl("WEBCALS://example.com/a.ics")).toEqual({ url: "https://example.com/a.ics" });
    expect(normalizeFeedUrl("  calendar.google.com/calendar/ical/x%40group/private-123/basic.ics  ")).toEqual({
      url: "https://calendar.google.com/calendar/ical/x%40group/private-123/basic.ics",
    });
    expect(normalizeFeedUrl("http://intranet.example/team.ics#section")).toEqual({ url: "http://intranet.example/team.ics" });
  });

  it("moves user:password out of the address into a UTF-8 Basic header", () => {
    expect(normalizeFeedUrl("https://ann:p%C3%A4ss@dav.example/export.ics")).toEqual({
      url: "https://dav.example/export.ics",
      authorization: `Basic ${Buffer.from("ann:päss", "utf8").toString("base64")}`,
    });
  });

  it("refuses other schemes and garbage", () => {
    for (const input of ["file:///etc/passwd", "ftp://example.com/x.ics", "data:text/calendar,BEGIN:VCALENDAR", "javascript:alert(1)", "gopher://x"]) {
      expect(() => normalizeFeedUrl(input), input).toThrow(/^Only http:\/\/, https:\/\/ and webcal:\/\/ addresses/);
    }
    expect(() => normalizeFeedUrl("")).toThrow("Enter the address of the calendar feed.");
    expect(() => normalizeFeedUrl("https://")).toThrow("This is not a valid web address.");
    expect(() => normalizeFeedUrl(`https://example.com/${"a".repeat(3000)}`)).toThrow(/too long/);
  });
});
