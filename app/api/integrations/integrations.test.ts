/**
 * The browser connect flow through the route handlers, against the provider
 * emulators: GET …/connect → 302 to the provider (pending flow in a cookie) →
 * the emulator's consent 302 (followed by hand) → GET …/callback → 302 to
 * Settings → Calendars. Configuration comes from the same variables a
 * deployment sets.
 */
import { describe, expect, it } from "vitest";
import { openCredentials, type OAuthConnectionCredentials } from "@/lib/calendars/connection-credentials";
import { call, createHostWithKey } from "@/test/api-test-helpers";
import { useCalendarEmulators } from "@/test/calendar-emulators";
import { GET as listConnections } from "../v1/connections/route";
import { GET as callback } from "./[provider]/callback/route";
import { GET as connect } from "./[provider]/connect/route";

const PUBLIC_URL = "http://kairos.test";
const SETTINGS = `${PUBLIC_URL}/dashboard/settings/calendars`;
const ADA = "ada@example.com";
const GRACE = "grace@contoso.test";

const env = useCalendarEmulators({
  google: [{ email: ADA, timeZone: "Europe/Berlin" }],
  microsoft: [{ email: GRACE, timeZone: "America/New_York" }],
  env: { PUBLIC_URL },
});

type Handler = (request: Request, context: { params: Promise<{ provider: string }> }) => Promise<Response>;

function get(handler: Handler, provider: string, url: string, headers: Record<string, string> = {}) {
  return handler(new Request(url, { headers }), { params: Promise.resolve({ provider }) });
}

/** `name=value` of a Set-Cookie header, plus its attributes. */
function parseSetCookie(header: string | null) {
  const [pair, ...attributes] = (header ?? "").split(";").map((s) => s.trim());
  const eq = pair.indexOf("=");
  return { name: pair.slice(0, eq), value: pair.slice(eq + 1), attributes };
}

/** Connect → provider → callback, as a browser with an API key as its session. */
async function roundTrip(provider: "google" | "microsoft", key: string, tamper: (callbackUrl: URL) => void = () => {}) {
  const started = await get(connect, provider, `${PUBLIC_URL}/api/integrations/${provider}/connect`, { authorization: `Bearer ${key}` });
  expect(started.status).toBe(302);
  const cookie = parseSetCookie(started.headers.get("set-cookie"));
  const atProvider = await fetch(started.headers.get("location")!, { redirect: "manual" });
  expect(atProvider.status).toBe(302);
  const back = new URL(atProvider.headers.get("location")!);
  expect(`${back.origin}${back.pathname}`).toBe(`${PUBLIC_URL}/api/integrations/${provider}/callback`);
  tamper(back);
  const finished = await get(callback, provider, back.toString(), { authorization: `Bearer ${key}`, cookie: `${cookie.name}=${cookie.value}` });
  return { started, cookie, finished };
}

describe("GET /api/integrations/{provider}/connect", () => {
  it("sends a visitor without a session to sign in, and answers 404 for unknown providers", async () => {
    const anonymous = await get(connect, "google", `${PUBLIC_URL}/api/integrations/google/connect`);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toBe(`${PUBLIC_URL}/signin?callbackUrl=%2Fdashboard%2Fsettings%2Fcalendars`);
    expect(anonymous.headers.get("set-cookie")).toBeNull();

    const { key } = await createHostWithKey(env.t.db);
    const unknown = await get(connect, "yahoo", `${PUBLIC_URL}/api/integrations/yahoo/connect`, { authorization: `Bearer ${key}` });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: "not_found" } });
  });

  it("redirects to the provider's consent with state and PKCE, keeping the flow in an httpOnly cookie", async () => {
    const { key } = await createHostWithKey(env.t.db);
    const response = await get(connect, "google", `${PUBLIC_URL}/api/integrations/google/connect?loginHint=${encodeURIComponent(ADA)}`, {
      authorization: `Bearer ${key}`,
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const location = new URL(response.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(env.google.authorizeUrl);
    expect(location.searchParams.get("redirect_uri")).toBe(`${PUBLIC_URL}/api/integrations/google/callback`);
    expect(location.searchParams.get("code_challenge_method")).toBe("S256");
    expect(location.searchParams.get("login_hint")).toBe(ADA);
    expect(location.searchParams.get("state")).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const cookie = parseSetCookie(response.headers.get("set-cookie"));
    expect(cookie.name).toBe("kairos_oauth_google");
    expect(cookie.attributes).toEqual(expect.arrayContaining(["Path=/api/integrations/google", "Max-Age=600", "HttpOnly", "SameSite=Lax"]));
    // Sealed: neither the state nor the verifier can be read from it.
    expect(cookie.value).not.toContain(location.searchParams.get("state"));
    expect(cookie.value).toMatch(/^v1\./);
  });
});

describe("the full connect round trip", () => {
  it("Google: ends on Settings with ?connected=google; the API lists the account without any secret", async () => {
    const { key } = await createHostWithKey(env.t.db);
    const { finished } = await roundTrip("google", key);
    expect(finished.status).toBe(302);
    expect(finished.headers.get("location")).toBe(`${SETTINGS}?connected=google`);
    const cleared = parseSetCookie(finished.headers.get("set-cookie"));
    expect(cleared).toMatchObject({ name: "kairos_oauth_google", value: "" });
    expect(cleared.attributes).toContain("Max-Age=0");

    const list = await call(listConnections, "GET", { key });
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      expect.objectContaining({
        provider: "google",
        label: ADA,
        status: "active",
        calendars: [expect.objectContaining({ name: ADA, isPrimary: true, canWrite: true, selectedForConflicts: true, isDestination: true })],
      }),
    ]);
    const row = await env.t.db.calendarConnection.findUniqueOrThrow({ where: { id: list.body[0].id } });
    const { tokens } = openCredentials(row) as OAuthConnectionCredentials;
    const text = JSON.stringify(list.body);
    for (const secret of [tokens.accessToken, tokens.refreshToken, row.credentials]) expect(text).not.toContain(secret);
    expect(Object.keys(list.body[0])).not.toContain("credentials");
  });

  it("Microsoft: the same round trip over https", async () => {
    const { key } = await createHostWithKey(env.t.db);
    const { finished } = await roundTrip("microsoft", key);
    expect(finished.headers.get("location")).toBe(`${SETTINGS}?connected=microsoft`);
    const list = await call(listConnections, "GET", { key });
    expect(list.body).toEqual([expect.objectContaining({ provider: "microsoft", label: GRACE, status: "active" })]);
    const row = await env.t.db.calendarConnection.findUniqueOrThrow({ where: { id: list.body[0].id } });
    const { tokens } = openCredentials(row) as OAuthConnectionCredentials;
    expect(JSON.stringify(list.body)).not.toContain(tokens.refreshToken);
  });

  it("a forged state, a missing cookie, another user's flow, or a refusal end on Settings with a readable error flag", async () => {
    const { key } = await createHostWithKey(env.t.db);
    const { key: otherKey } = await createHostWithKey(env.t.db);

    const forged = await roundTrip("google", key, (url) => url.searchParams.set("state", "forged"));
    expect(forged.finished.headers.get("location")).toBe(`${SETTINGS}?error=invalid_state&provider=google`);

    const started = await get(connect, "google", `${PUBLIC_URL}/api/integrations/google/connect`, { authorization: `Bearer ${key}` });
    const cookie = parseSetCookie(started.headers.get("set-cookie"));
    const back = (await fetch(started.headers.get("location")!, { redirect: "manual" })).headers.get("location")!;
    const noCookie = await get(callback, "google", back, { authorization: `Bearer ${key}` });
    expect(noCookie.headers.get("location")).toBe(`${SETTINGS}?error=invalid_state&provider=google`);
    const stolen = await get(callback, "google", back, { authorization: `Bearer ${otherKey}`, cookie: `${cookie.name}=${cookie.value}` });
    expect(stolen.headers.get("location")).toBe(`${SETTINGS}?error=invalid_state&provider=google`);
    const anonymous = await get(callback, "google", back, { cookie: `${cookie.name}=${cookie.value}` });
    expect(anonymous.headers.get("location")).toBe(`${PUBLIC_URL}/signin?callbackUrl=%2Fdashboard%2Fsettings%2Fcalendars`);

    await env.microsoft.control.setNextSignIn({ deny: true });
    const denied = await roundTrip("microsoft", key);
    expect(denied.finished.headers.get("location")).toBe(`${SETTINGS}?error=access_denied&provider=microsoft`);

    expect((await call(listConnections, "GET", { key })).body).toEqual([]);
    expect((await call(listConnections, "GET", { key: otherKey })).body).toEqual([]);
  });
});
