import { describe, expect, it } from "vitest";
import { TokenPersistence, type OAuthTokens } from "./oauth-tokens";

const tokens = (n: number): OAuthTokens => ({ accessToken: `a${n}`, refreshToken: `r${n}`, expiresAt: n });

describe("TokenPersistence", () => {
  it("stores token sets in the order they were issued, and settles after all of them", async () => {
    const saved: string[] = [];
    const persistence = new TokenPersistence(async (t) => {
      // The first write is the slow one: it must still land first.
      await new Promise((r) => setTimeout(r, t.accessToken === "a1" ? 30 : 0));
      saved.push(t.accessToken);
    });
    persistence.persist(tokens(1));
    persistence.persist(tokens(2));
    await persistence.settle();
    expect(saved).toEqual(["a1", "a2"]);
  });

  it("reports a failed write once, and keeps storing later sets", async () => {
    const saved: string[] = [];
    const persistence = new TokenPersistence((t) => {
      if (t.accessToken === "a1") throw new Error("database is down");
      saved.push(t.accessToken);
    });
    persistence.persist(tokens(1));
    persistence.persist(tokens(2));
    await expect(persistence.settle()).rejects.toThrow("database is down");
    await expect(persistence.settle()).resolves.toBeUndefined();
    expect(saved).toEqual(["a2"]);
  });

  it("does nothing without a callback", async () => {
    const persistence = new TokenPersistence(undefined);
    persistence.persist(tokens(1));
    await expect(persistence.settle()).resolves.toBeUndefined();
  });
});
