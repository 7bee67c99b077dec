import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../lib/users/create-user";
import { verifyPassword } from "../lib/auth/password";
import { createTestDatabase, type TestDatabase } from "./test-database";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

describe("createUser", () => {
  it("stores a hashed password and a default schedule", async () => {
    const user = await createUser(t.db, { email: "Ada@Example.com", name: "Ada", username: "ada", password: "correct horse", timeZone: "Europe/London" });
    expect(user.email).toBe("ada@example.com");
    expect(user.passwordHash).not.toContain("correct horse");
    expect(await verifyPassword("correct horse", user.passwordHash!)).toBe(true);
    expect(await verifyPassword("wrong", user.passwordHash!)).toBe(false);
    const schedules = await t.db.schedule.findMany({ where: { userId: user.id } });
    expect(schedules).toHaveLength(1);
    expect(schedules[0]).toMatchObject({ isDefault: true, timeZone: "Europe/London" });
  });

  it("answers conflict for a taken email or username", async () => {
    await expect(createUser(t.db, { email: "ada@example.com", name: "A", username: "ada2", password: "password1" })).rejects.toMatchObject({ code: "conflict" });
    await expect(createUser(t.db, { email: "b@example.com", name: "B", username: "ada", password: "password1" })).rejects.toMatchObject({ code: "conflict" });
  });
});
