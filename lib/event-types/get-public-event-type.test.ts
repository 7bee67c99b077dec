import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/test-database";
import { createUser } from "../users/create-user";
import { getPublicEventType } from "./get-public-event-type";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  const ada = await createUser(t.db, { email: "ada@example.com", name: "Ada Lovelace", username: "ada", password: "a good password" });
  const bob = await createUser(t.db, { email: "bob@example.com", name: "Bob", username: "bob", password: "a good password" });
  const base = { durationMinutes: 30, locationType: "link" as const, locationValue: "https://meet.example.com/ada" };
  await t.db.eventType.createMany({
    data: [
      { ...base, userId: ada.id, slug: "intro", title: "Intro call" },
      { ...base, userId: ada.id, slug: "secret", title: "Secret", hidden: true },
      { ...base, userId: bob.id, slug: "bobs-call", title: "Bob's call" },
    ],
  });
});
afterAll(async () => t?.close());

describe("getPublicEventType", () => {
  it("loads the event type and its host by username and slug", async () => {
    const result = await getPublicEventType(t.db, "ada", "intro");
    expect(result.host).toEqual({ name: "Ada Lovelace", username: "ada" });
    expect(result.eventType).toMatchObject({ slug: "intro", title: "Intro call", durationMinutes: 30, hidden: false });
    expect(result.eventType.location).toEqual({ type: "link", value: "https://meet.example.com/ada" });
  });

  it("reads the link case-insensitively, as usernames and slugs are stored lower-case", async () => {
    expect((await getPublicEventType(t.db, "ADA", "Intro")).eventType.slug).toBe("intro");
  });

  it("loads hidden event types: hidden means unlisted, not unreachable", async () => {
    expect((await getPublicEventType(t.db, "ada", "secret")).eventType.hidden).toBe(true);
  });

  it("is not_found for an unknown user, an unknown slug, or another host's slug", async () => {
    await expect(getPublicEventType(t.db, "nobody", "intro")).rejects.toMatchObject({ code: "not_found" });
    await expect(getPublicEventType(t.db, "ada", "nope")).rejects.toMatchObject({ code: "not_found" });
    await expect(getPublicEventType(t.db, "ada", "bobs-call")).rejects.toMatchObject({ code: "not_found" });
  });
});
