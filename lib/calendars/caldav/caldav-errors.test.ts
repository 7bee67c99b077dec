import { describe, expect, it } from "vitest";
import { CalendarProviderError } from "../provider-error";
import { createCalDavFetch, statusError, toCalDavError } from "./caldav-errors";

/** A network stand-in that answers every request with `response` (or throws `error`). */
function network(response: Response | Error): typeof fetch {
  return async () => {
    if (response instanceof Error) throw response;
    return response;
  };
}

describe("createCalDavFetch", () => {
  it("throws auth on 401, rate_limited with Retry-After on 429/503, transient on 5xx", async () => {
    await expect(createCalDavFetch(network(new Response("", { status: 401 })), 1000)("http://dav.test/")).rejects.toMatchObject({ reason: "auth", options: { status: 401 } });
    await expect(
      createCalDavFetch(network(new Response("", { status: 429, headers: { "Retry-After": "120" } })), 1000)("http://dav.test/"),
    ).rejects.toMatchObject({ reason: "rate_limited", options: { retryAfterMs: 120_000 } });
    await expect(
      createCalDavFetch(network(new Response("", { status: 503, headers: { "Retry-After": "5" } })), 1000)("http://dav.test/"),
    ).rejects.toMatchObject({ reason: "rate_limited", options: { retryAfterMs: 5000 } });
    const error = await createCalDavFetch(network(new Response("", { status: 502 })), 1000)("http://dav.test/").catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: "transient", retryable: true });
  });

  it("passes other statuses through for the caller to judge", async () => {
    for (const status of [200, 201, 207, 404, 403, 412]) {
      const response = await createCalDavFetch(network(new Response(null, { status })), 1000)("http://dav.test/");
      expect(response.status).toBe(status);
    }
  });

  it("turns network failures and timeouts into transient errors that name the host", async () => {
    const refused = Object.assign(new TypeError("fetch failed"), { cause: new Error("connect ECONNREFUSED 127.0.0.1:1") });
    await expect(createCalDavFetch(network(refused), 1000)("http://dav.test:8080/x")).rejects.toMatchObject({
      reason: "transient",
      message: "Could not reach the CalDAV server at dav.test:8080 (connect ECONNREFUSED 127.0.0.1:1).",
    });
    const slow: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal!.reason)));
    await expect(createCalDavFetch(slow, 50)("http://dav.test/")).rejects.toMatchObject({
      reason: "transient",
      message: "The CalDAV server at dav.test did not answer within 50 ms.",
    });
  });
});

describe("statusError and toCalDavError", () => {
  it("maps statuses to reasons", () => {
    expect(statusError(404, "x").reason).toBe("not_found");
    expect(statusError(410, "x").reason).toBe("not_found");
    expect(statusError(403, "x").reason).toBe("forbidden");
    expect(statusError(400, "x").reason).toBe("invalid");
    expect(statusError(415, "x").reason).toBe("invalid");
    expect(statusError(503, "x").reason).toBe("transient");
    expect(statusError(503, "x", 1000).reason).toBe("rate_limited");
  });

  it("reads tsdav's error messages", () => {
    expect(toCalDavError(new Error("Invalid credentials: PROPFIND http://x/ returned 401 Unauthorized"), "sign in").reason).toBe("auth");
    expect(toCalDavError(new Error("cannot find homeUrl"), "sign in")).toMatchObject({ reason: "invalid", message: expect.stringMatching(/does not look like a CalDAV server/) });
    expect(toCalDavError(new Error("Collection query failed: 404 Not Found. "), "list the events").reason).toBe("not_found");
    expect(toCalDavError(new Error("Collection does not exist on server"), "sync the calendar").reason).toBe("not_found");
    expect(toCalDavError(new Error("something odd"), "list the events")).toMatchObject({ reason: "transient", message: "Could not list the events: something odd" });
    const original = new CalendarProviderError("auth", "kept", { provider: "caldav" });
    expect(toCalDavError(original, "x")).toBe(original);
  });
});
