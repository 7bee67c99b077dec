import { describe, expect, it } from "vitest";
import { createRateLimiter } from "./rate-limit";

describe("createRateLimiter", () => {
  it("allows `limit` attempts per key per window, then answers rate_limited until the window ends", () => {
    const limiter = createRateLimiter({ limit: 2, windowMs: 60_000, what: "tries" });
    limiter.consume("a", 0);
    limiter.consume("a", 1_000);
    expect(() => limiter.consume("a", 2_000)).toThrow(expect.objectContaining({ code: "rate_limited", message: "Too many tries from your network. Try again in 1 minute." }));
    limiter.consume("b", 2_000);
    limiter.consume("a", 60_000);
    limiter.consume("a", 60_001);
    expect(() => limiter.consume("a", 60_002)).toThrow(/Too many tries/);
  });
});
