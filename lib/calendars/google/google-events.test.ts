import { describe, expect, it } from "vitest";
import { base32hex, googleEventIdFor, toProviderEvent } from "./google-events";

describe("Google event ids", () => {
  it("encodes base32hex like RFC 4648 (lower case, unpadded)", () => {
    const vectors: Array<[string, string]> = [
      ["", ""],
      ["f", "co"],
      ["fo", "cpng"],
      ["foo", "cpnmu"],
      ["foob", "cpnmuog"],
      ["fooba", "cpnmuoj1"],
      ["foobar", "cpnmuoj1e8"],
    ];
    for (const [input, output] of vectors) expect(base32hex(Buffer.from(input))).toBe(output);
  });

  it("derives a stable id Google accepts from any idempotency key", () => {
    for (const key of ["booking:42", "ÜBER/ünïcode ✓", "x".repeat(5000), "a"]) {
      const id = googleEventIdFor(key);
      expect(id).toMatch(/^[a-v0-9]{5,1024}$/);
      expect(googleEventIdFor(key)).toBe(id);
    }
    expect(googleEventIdFor("booking:42")).not.toBe(googleEventIdFor("booking:43"));
  });
});

describe("toProviderEvent", () => {
  it("pins all-day dates to the calendar's zone, and falls back to UTC for an unknown zone", () => {
    const allDay = { id: "e1", summary: "Holiday", start: { date: "2026-10-25" }, end: { date: "2026-10-26" } };
    // The day clocks go back in Berlin lasts 25 hours.
    expect(toProviderEvent(allDay, "Europe/Berlin")).toMatchObject({
      allDay: true,
      start: Date.parse("2026-10-24T22:00:00Z"),
      end: Date.parse("2026-10-25T23:00:00Z"),
    });
    expect(toProviderEvent(allDay, "Not/AZone")).toMatchObject({ start: Date.parse("2026-10-25T00:00:00Z") });
  });

  it("skips items without times (cancelled stubs)", () => {
    expect(toProviderEvent({ id: "gone", status: "cancelled" }, "UTC")).toBeNull();
  });
});
