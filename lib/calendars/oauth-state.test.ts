import { describe, expect, it } from "vitest";
import { createOAuthFlowSecrets, isSameOAuthState, pkceChallenge } from "./oauth-state";

describe("OAuth flow secrets", () => {
  it("computes the S256 challenge of RFC 7636's example", () => {
    expect(pkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  });

  it("creates fresh, well-formed state and verifier each time", () => {
    const a = createOAuthFlowSecrets();
    const b = createOAuthFlowSecrets();
    expect(a.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.codeChallenge).toBe(pkceChallenge(a.codeVerifier));
    expect(new Set([a.state, b.state, a.codeVerifier, b.codeVerifier]).size).toBe(4);
  });

  it("rejects verifiers RFC 7636 does not allow", () => {
    expect(() => pkceChallenge("too-short")).toThrow(/43–128/);
    expect(() => pkceChallenge("x".repeat(129))).toThrow();
    expect(() => pkceChallenge(`${"x".repeat(42)}!`)).toThrow();
  });

  it("compares states exactly", () => {
    const { state } = createOAuthFlowSecrets();
    expect(isSameOAuthState(state, state)).toBe(true);
    expect(isSameOAuthState(state, `${state}x`)).toBe(false);
    expect(isSameOAuthState(state, state.slice(0, -1) + (state.endsWith("A") ? "B" : "A"))).toBe(false);
    expect(isSameOAuthState(state, null)).toBe(false);
    expect(isSameOAuthState("", "")).toBe(false);
  });
});
