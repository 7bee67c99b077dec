/**
 * The sign-in page's provider buttons read the names we chose — not the
 * defaults next-auth's provider functions carry ("Azure Active Directory") —
 * and the same names next-auth itself gives the providers when it serves a
 * request (its parseProviders merges our options over the defaults).
 */
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../config";
import { buildProviders, oauthProviders } from "./auth-options";

const EVERY_PROVIDER = {
  NODE_ENV: "test",
  NEXTAUTH_SECRET: "test-secret",
  GOOGLE_CLIENT_ID: "google-id",
  GOOGLE_CLIENT_SECRET: "google-secret",
  MICROSOFT_CLIENT_ID: "microsoft-id",
  MICROSOFT_CLIENT_SECRET: "microsoft-secret",
  OIDC_ISSUER: "https://sso.example.com/realms/acme",
  OIDC_CLIENT_ID: "oidc-id",
  OIDC_CLIENT_SECRET: "oidc-secret",
  OIDC_NAME: "Acme SSO",
} as const;

/** next-auth's own provider resolution (not in its package exports, so loaded by path). */
type ParseProviders = (params: { providers: unknown[]; url: URL | string }) => { providers: { id: string; name: string }[] };
const parseProviders = (createRequire(import.meta.url)(path.resolve("node_modules/next-auth/core/lib/providers.js")) as { default: ParseProviders }).default;

describe("sign-in provider names", () => {
  it("reads Google, Microsoft and the configured OIDC name, in that order", () => {
    expect(oauthProviders(loadConfig(EVERY_PROVIDER))).toEqual([
      { id: "google", name: "Google" },
      { id: "azure-ad", name: "Microsoft" },
      { id: "oidc", name: "Acme SSO" },
    ]);
  });

  it("names the OIDC provider 'Single sign-on' when OIDC_NAME is unset", () => {
    const { OIDC_NAME: _unused, ...withoutName } = EVERY_PROVIDER;
    expect(oauthProviders(loadConfig(withoutName))).toEqual([
      { id: "google", name: "Google" },
      { id: "azure-ad", name: "Microsoft" },
      { id: "oidc", name: "Single sign-on" },
    ]);
  });

  it("offers no OAuth buttons when none is configured", () => {
    expect(oauthProviders(loadConfig({ NODE_ENV: "test" }))).toEqual([]);
  });

  it("matches the names next-auth resolves for its own pages and callbacks", () => {
    const cfg = loadConfig(EVERY_PROVIDER);
    const resolved = parseProviders({ providers: buildProviders(cfg), url: "http://localhost:3000/api/auth" }).providers;
    expect(resolved.filter((p) => p.id !== "credentials").map((p) => ({ id: p.id, name: p.name }))).toEqual(oauthProviders(cfg));
  });
});
