import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "@/test/api-test-helpers";
import { createTestDatabase, type TestDatabase } from "@/test/test-database";
import { verifyPassword } from "@/lib/auth/password";
import { POST } from "./route";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

const fromIp = (ip: string) => ({ "x-forwarded-for": ip });
const newHost = { email: "Lin@Example.com", name: "Lin", username: "Lin", password: "long enough", timeZone: "Asia/Shanghai" };

describe("POST /api/v1/signup", () => {
  it("creates a host (201) with a default schedule, without exposing the password", async () => {
    const res = await call(POST, "POST", { body: newHost, headers: fromIp("203.0.113.1") });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), email: "lin@example.com", name: "Lin", username: "lin", timeZone: "Asia/Shanghai" });
    const user = await t.db.user.findUniqueOrThrow({ where: { id: res.body.id }, include: { schedules: true } });
    expect(await verifyPassword("long enough", user.passwordHash!)).toBe(true);
    expect(user.schedules).toMatchObject([{ isDefault: true, timeZone: "Asia/Shanghai" }]);
  });

  it("answers 409 for a taken email or username", async () => {
    const email = await call(POST, "POST", { body: { ...newHost, username: "lin-2" }, headers: fromIp("203.0.113.2") });
    expect(email.status).toBe(409);
    expect(email.body.error).toMatchObject({ code: "conflict", details: [{ path: "email" }] });
    const username = await call(POST, "POST", { body: { ...newHost, email: "other@example.com" }, headers: fromIp("203.0.113.2") });
    expect(username.status).toBe(409);
    expect(username.body.error).toMatchObject({ code: "conflict", details: [{ path: "username" }] });
  });

  it("answers 400 with details for invalid input, creating nothing", async () => {
    const before = await t.db.user.count();
    const res = await call(POST, "POST", {
      body: { email: "nope", name: "", username: "api", password: "short", timeZone: "Moon/Base" },
      headers: fromIp("203.0.113.3"),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["email", "name", "password", "timeZone", "username"]);
    expect(await t.db.user.count()).toBe(before);
  });

  it("defaults the time zone to UTC", async () => {
    const res = await call(POST, "POST", { body: { ...newHost, email: "utc@example.com", username: "utc-host", timeZone: undefined }, headers: fromIp("203.0.113.4") });
    expect(res.status).toBe(201);
    expect(res.body.timeZone).toBe("UTC");
  });

  it("limits attempts per address: the 11th within an hour is 429", async () => {
    const attempt = (ip: string) => call(POST, "POST", { body: { email: "x" }, headers: fromIp(ip) });
    for (let i = 0; i < 10; i++) expect((await attempt("198.51.100.7")).status).toBe(400);
    const limited = await attempt("198.51.100.7");
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({ code: "rate_limited", message: expect.stringMatching(/Try again in 60 minutes/) });
    // The nearest hop's address counts, not what the client claims before it.
    expect((await call(POST, "POST", { body: { email: "x" }, headers: fromIp("1.2.3.4, 198.51.100.7") })).status).toBe(429);
    expect((await attempt("198.51.100.8")).status).toBe(400);
  });
});
