import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createHostWithKey } from "@/test/api-test-helpers";
import { createTestDatabase, type TestDatabase } from "@/test/test-database";
import { GET, PATCH } from "./route";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

describe("GET /api/v1/me", () => {
  it("answers 401 without credentials", async () => {
    const res = await call(GET, "GET");
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ code: "unauthorized", details: [] });
    expect((await call(GET, "GET", { headers: { authorization: "Bearer not-a-kairos-key" } })).status).toBe(401);
  });

  it("shows the caller, without secrets", async () => {
    const { user, key } = await createHostWithKey(t.db, { username: "ada-me", timeZone: "Europe/London" });
    const res = await call(GET, "GET", { key });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: user.id,
      email: "ada-me@example.com",
      name: user.name,
      username: "ada-me",
      timeZone: "Europe/London",
      createdAt: user.createdAt.toISOString(),
    });
  });
});

describe("PATCH /api/v1/me", () => {
  it("changes only the given profile fields", async () => {
    const { key } = await createHostWithKey(t.db, { username: "grace" });
    const before = (await call(GET, "GET", { key })).body;
    const res = await call(PATCH, "PATCH", { key, body: { name: " Grace Hopper ", timeZone: "America/New_York", passwordHash: "ignored" } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...before, name: "Grace Hopper", timeZone: "America/New_York" });
    const changed = await call(PATCH, "PATCH", { key, body: { username: "Grace-H", email: "GRACE@Example.org" } });
    expect(changed.body).toMatchObject({ username: "grace-h", email: "grace@example.org", name: "Grace Hopper" });
  });

  it("clears the verified mark when the email changes", async () => {
    const { user, key } = await createHostWithKey(t.db);
    await t.db.user.update({ where: { id: user.id }, data: { emailVerified: new Date() } });
    await call(PATCH, "PATCH", { key, body: { email: user.email } });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerified).not.toBeNull();
    await call(PATCH, "PATCH", { key, body: { email: "new-address@example.com" } });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerified).toBeNull();
  });

  it.each([
    ["an unknown time zone", { timeZone: "Europe/Atlantis" }, "timeZone"],
    ["a reserved username", { username: "dashboard" }, "username"],
    ["a username with spaces", { username: "ada lovelace" }, "username"],
    ["an invalid email", { email: "not-an-email" }, "email"],
    ["an empty name", { name: "" }, "name"],
  ])("rejects %s with 400 on the field", async (_label, body, path) => {
    const { key } = await createHostWithKey(t.db);
    const before = (await call(GET, "GET", { key })).body;
    const res = await call(PATCH, "PATCH", { key, body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_error");
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect((await call(GET, "GET", { key })).body).toEqual(before);
  });

  it("answers 409 conflict for a username or email another account has", async () => {
    const taken = await createHostWithKey(t.db, { username: "taken-name" });
    const { key } = await createHostWithKey(t.db);
    const username = await call(PATCH, "PATCH", { key, body: { username: "Taken-Name" } });
    expect(username.status).toBe(409);
    expect(username.body.error).toMatchObject({ code: "conflict", details: [{ path: "username", message: "Already taken." }] });
    const email = await call(PATCH, "PATCH", { key, body: { email: taken.user.email.toUpperCase() } });
    expect(email.status).toBe(409);
    expect(email.body.error).toMatchObject({ code: "conflict", details: [{ path: "email", message: "Already registered." }] });
  });

  it("answers 401 without credentials", async () => {
    expect((await call(PATCH, "PATCH", { body: { name: "x" } })).status).toBe(401);
  });
});
