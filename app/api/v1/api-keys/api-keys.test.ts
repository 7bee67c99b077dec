import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createHostWithKey } from "@/test/api-test-helpers";
import { createTestDatabase, type TestDatabase } from "@/test/test-database";
import { sha256Hex } from "@/lib/security/tokens";
import { GET as getMe } from "../me/route";
import { DELETE } from "./[id]/route";
import { GET, POST } from "./route";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

describe("/api/v1/api-keys", () => {
  it("answers 401 without credentials", async () => {
    expect((await call(GET, "GET")).status).toBe(401);
    expect((await call(POST, "POST", { body: { name: "x" } })).status).toBe(401);
    expect((await call(DELETE, "DELETE", { id: "x" })).status).toBe(401);
  });

  it("creates a key shown once, lists it without the secret, and revokes it", async () => {
    const { user, key: bootstrapKey } = await createHostWithKey(t.db);
    const created = await call(POST, "POST", { key: bootstrapKey, body: { name: "  CI deploy " } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      name: "CI deploy",
      prefix: created.body.key.slice(0, 10),
      createdAt: expect.any(String),
      key: expect.stringMatching(/^kai_[A-Za-z0-9_-]{43}$/),
    });
    const newKey: string = created.body.key;
    // Only the hash is stored.
    const row = await t.db.apiKey.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(row.keyHash).toBe(sha256Hex(newKey));
    expect(JSON.stringify(row)).not.toContain(newKey);

    // The new key works, and its use is recorded.
    const me = await call(getMe, "GET", { key: newKey });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(user.id);

    const list = await call(GET, "GET", { key: newKey });
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(2);
    expect(list.body[0]).toEqual({ id: created.body.id, name: "CI deploy", prefix: created.body.prefix, createdAt: created.body.createdAt, lastUsedAt: expect.any(String) });
    expect(JSON.stringify(list.body)).not.toContain(newKey);
    expect(list.body[0]).not.toHaveProperty("keyHash");

    const deleted = await call(DELETE, "DELETE", { key: bootstrapKey, id: created.body.id });
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeNull();
    expect((await call(getMe, "GET", { key: newKey })).status).toBe(401);
    expect((await call(GET, "GET", { key: bootstrapKey })).body).toHaveLength(1);
    expect((await call(DELETE, "DELETE", { key: bootstrapKey, id: created.body.id })).status).toBe(404);
  });

  it("a key can revoke itself", async () => {
    const { key } = await createHostWithKey(t.db);
    const [own] = (await call(GET, "GET", { key })).body;
    expect((await call(DELETE, "DELETE", { key, id: own.id })).status).toBe(204);
    expect((await call(GET, "GET", { key })).status).toBe(401);
  });

  it("answers 404 for another user's key and leaves it working", async () => {
    const owner = await createHostWithKey(t.db);
    const other = await createHostWithKey(t.db);
    const [ownersKey] = (await call(GET, "GET", { key: owner.key })).body;
    const res = await call(DELETE, "DELETE", { key: other.key, id: ownersKey.id });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("not_found");
    expect((await call(getMe, "GET", { key: owner.key })).status).toBe(200);
    expect((await call(GET, "GET", { key: other.key })).body.map((k: { id: string }) => k.id)).not.toContain(ownersKey.id);
  });

  it("requires a name", async () => {
    const { key } = await createHostWithKey(t.db);
    for (const body of [{}, { name: "   " }, { name: 42 }]) {
      const res = await call(POST, "POST", { key, body });
      expect(res.status).toBe(400);
      expect(res.body.error.details[0].path).toBe("name");
    }
  });
});
