/**
 * Disconnecting a Google account revokes its refresh token at Google (the
 * emulator's /revoke, through google-auth-library's real client), so the
 * grant ends with the connection. Best effort: a revoke that fails is logged
 * and the account is disconnected anyway. Not while another host still has
 * the same account connected (Google revokes the whole grant). Microsoft has
 * nothing to revoke per token.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { google as googleapis } from "googleapis";
import { createHostWithKey } from "@/test/api-test-helpers";
import { useCalendarEmulators } from "@/test/calendar-emulators";
import { connectOAuthAccount } from "@/test/calendar-connections";
import { openCredentials, type OAuthConnectionCredentials } from "./connection-credentials";
import { disconnectAccount } from "./disconnect-account";
import { providerForConnection } from "./provider-for-connection";

const ADA = "ada@example.com";
const GRACE = "grace@contoso.test";
const env = useCalendarEmulators({ google: [{ email: ADA }], microsoft: [{ email: GRACE }] });

afterEach(() => vi.restoreAllMocks());

async function connectedGoogle() {
  const { user } = await createHostWithKey(env.t.db);
  const dto = await connectOAuthAccount(env.t.db, user.id, "google", ADA);
  const row = await env.t.db.calendarConnection.findUniqueOrThrow({ where: { id: dto.id } });
  const { refreshToken } = (openCredentials(row) as OAuthConnectionCredentials).tokens;
  return { user, connectionId: dto.id, refreshToken };
}

/** A refresh with the real client, as Kairos would make it: the token's answer at Google. */
async function refreshWith(refreshToken: string): Promise<"works" | string> {
  const auth = new googleapis.auth.OAuth2({
    clientId: env.google.client.clientId,
    clientSecret: env.google.client.clientSecret,
    endpoints: { oauth2TokenUrl: env.google.tokenUrl },
  });
  auth.setCredentials({ refresh_token: refreshToken });
  try {
    await auth.refreshAccessToken();
    return "works";
  } catch (error) {
    return (error as { response?: { data?: { error?: string } } }).response?.data?.error ?? String(error);
  }
}

const revokeRequests = async () => (await env.google.control.requests({ method: "POST", pathPrefix: "/revoke" })).requests;

describe("disconnecting a Google account", () => {
  it("revokes its refresh token at Google: the token no longer refreshes", async () => {
    const { user, connectionId, refreshToken } = await connectedGoogle();
    expect(await refreshWith(refreshToken)).toBe("works");

    await disconnectAccount(env.t.db, user.id, connectionId);

    expect(await env.t.db.calendarConnection.count({ where: { id: connectionId } })).toBe(0);
    expect((await revokeRequests()).map((r) => ({ status: r.status, token: r.query.token }))).toEqual([{ status: 200, token: refreshToken }]);
    expect(await refreshWith(refreshToken)).toBe("invalid_grant");
  });

  it("disconnects anyway when Google fails to revoke, and logs why", async () => {
    const { user, connectionId, refreshToken } = await connectedGoogle();
    await env.google.control.injectFault({ method: "POST", path: "/revoke", status: 503, always: true });
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);

    await expect(disconnectAccount(env.t.db, user.id, connectionId)).resolves.toBeUndefined();

    expect(await env.t.db.calendarConnection.count({ where: { id: connectionId } })).toBe(0);
    expect((await revokeRequests()).length).toBeGreaterThanOrEqual(1);
    expect(logged).toHaveBeenCalledWith(expect.stringContaining(`Calendar connection ${connectionId}: revoking its access at google failed`), expect.anything());
    // Nothing was revoked: the grant stays until the host removes Kairos in their Google account.
    expect(await refreshWith(refreshToken)).toBe("works");
  });

  it("treats a token revoked already (the host removed Kairos at Google) as done, logging nothing", async () => {
    const { user, connectionId } = await connectedGoogle();
    await env.google.control.revokeRefreshTokens({ email: ADA });
    const logged = vi.spyOn(console, "error");

    await disconnectAccount(env.t.db, user.id, connectionId);

    expect((await revokeRequests()).map((r) => r.status)).toEqual([400]);
    expect(logged).not.toHaveBeenCalled();
  });

  it("keeps the grant while another host still has the same Google account connected", async () => {
    const first = await connectedGoogle();
    const second = await connectedGoogle();

    await disconnectAccount(env.t.db, first.user.id, first.connectionId);

    expect(await revokeRequests()).toEqual([]);
    const row = await env.t.db.calendarConnection.findUniqueOrThrow({ where: { id: second.connectionId } });
    await expect(providerForConnection(env.t.db, row).listCalendars()).resolves.toEqual([expect.objectContaining({ isPrimary: true })]);
  });
});

describe("disconnecting a Microsoft account", () => {
  it("makes no revoke request: Graph has none per token for delegated apps", async () => {
    const { user } = await createHostWithKey(env.t.db);
    const dto = await connectOAuthAccount(env.t.db, user.id, "microsoft", GRACE);
    const row = await env.t.db.calendarConnection.findUniqueOrThrow({ where: { id: dto.id } });
    expect(providerForConnection(env.t.db, row).revokeAccess).toBeUndefined();
    await env.microsoft.control.clearRequests();

    await disconnectAccount(env.t.db, user.id, dto.id);

    expect(await env.t.db.calendarConnection.count({ where: { id: dto.id } })).toBe(0);
    expect((await env.microsoft.control.requests()).requests).toEqual([]);
  });
});
