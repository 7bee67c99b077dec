import { describe, expect, it } from "vitest";
import { headerValue, parseRetryAfter } from "./retry-after";

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-04-01T12:00:00Z");
  it("reads delay-seconds and HTTP dates", () => {
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
    expect(parseRetryAfter("Wed, 01 Apr 2026 12:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Wed, 01 Apr 2026 11:00:00 GMT", now)).toBe(0);
  });
  it("ignores absent or unreadable values", () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter("-5", now)).toBeUndefined();
  });
  it("reads headers from fetch Headers and plain objects", () => {
    expect(headerValue(new Headers({ "Retry-After": "5" }), "retry-after")).toBe("5");
    expect(headerValue({ "Retry-After": "7" }, "retry-after")).toBe("7");
    expect(headerValue(undefined, "retry-after")).toBeUndefined();
  });
});
