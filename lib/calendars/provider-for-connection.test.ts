/**
 * providerForConnection against the emulators: credentials are decrypted and
 * refreshed tokens stored encrypted again; a revoked grant turns the
 * connection to "needs reconnect", a failing read to "error", and a later
 * success back to "active" — never a silent gap.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startGoogleEmulator, type GoogleEmulator } from "@/e2e/emulators/google";
import { startMicrosoftEmulator, type MicrosoftEmulator } from "@/e2e/emulators/microsoft";
import { createHostWithKey } from "@/test/api-test-helpers";
import { connectOAuthAccount } from "@/test/calendar-connections";
import { useCalendarTestEnv } from "@/test/calendar-test-env";
import { rejection } from "@/test/rejection";
import { createTestDatabase, type TestDatabase } from "@/test/test-database";
import { loadConfig } from "../config";
import type { ProviderSettings } from "./build-provider";
import { openCredentials, type OAuthConnectionCredentials } from "./connection-credentials";
import { googleSettings } from "./google";
import { microsoftSettings } from "./microsoft";
import { CalendarProviderError } from "./provider-error";
import { providerForConnection } from "./provider-for-connection";

const ADA = "ada@example.com";
const GRACE = "grace@contoso.test";
const utc = (iso: string) => Date.parse(iso);
const MAY = { start: utc("2026-05-01T00:00:00Z"), end: utc("2026-06-01T00:00:00Z") };

let google: GoogleEmulator;
let microsoft: MicrosoftEmulator;
let t: TestDatabase;
let settings: ProviderSettings;

beforeAll(async () => {
  google = await startGoogleEmulator({ accounts: [{ email: ADA, timeZone: "Europe/Berlin" }] });
  microsoft = await startMicrosoftEmulator({ users: [{ email: GRACE, timeZone: "America/New_York" }] });
  useCalendarTestEnv();
  // Settings passed explicitly here (the route tests go through configuration instead).
  const cfg = loadConfig({ NODE_ENV: "test", ...google.env, ...microsoft.env });
  settings = { google: googleSettings(cfg), microsoft: microsoftSettings(cfg), microsoftTransport: { dispatcher: microsoft.dispatcher } };
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
  await google?.stop();
  await microsoft?.stop();
});
beforeEach(async () => {
  await google.control.reset();
  await microsoft.control.reset();
});

async function connected(provider: "google" | "microsoft") {
  const { user } = await createHostWithKey(t.db);
  const dto = await connectOAuthAccount(t.db, user.id, provider, provider === "google" ? ADA : GRACE, settings);
  const row = () => t.db.calendarConnection.findUniqueOrThrow({ where: { id: dto.id } });
  const primary = dto.calendars.find((c) => c.isPrimary)!;
  const externalId = (await t.db.connectedCalendar.findUniqueOrThrow({ where: { id: primary.id } })).externalId;
  return { user, dto, row, externalId };
}

const tokensOf = (row: Parameters<typeof openCredentials>[0]) => (openCredentials(row) as OAuthConnectionCredentials).tokens;

describe("providerForConnection — Google", () => {
  it("reads with the stored tokens, and stores refreshed ones encrypted", async () => {
    const { row, externalId } = await connected("google");
    await google.control.createEvent(externalId, { summary: "Dentist", start: { dateTime: "2026-05-04T10:00:00+02:00" }, end: { dateTime: "2026-05-04T11:00:00+02:00" } });
    const before = tokensOf(await row());

    await google.control.expireAccessTokens(ADA);
    // The stored expiry is still in the future: the adapter learns of the expiry from the 401.
    const events = await providerForConnection(t.db, await row(), settings).listEvents(externalId, MAY);
    expect(events.map((e) => e.title)).toEqual(["Dentist"]);

    const stored = await row();
    const after = tokensOf(stored);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).toBe(before.refreshToken);
    expect(stored.credentials).not.toContain(after.accessToken);
    expect(stored.status).toBe("active");
  });

  it("marks the connection needs_reconnect when the grant was revoked, and a reconnect makes it active again", async () => {
    const { user, row, externalId } = await connected("google");
    await google.control.revokeRefreshTokens({ email: ADA });
    await google.control.expireAccessTokens(ADA);

    const error = await rejection(providerForConnection(t.db, await row(), settings).listEvents(externalId, MAY), CalendarProviderError);
    expect(error.reason).toBe("auth");
    const marked = await row();
    expect(marked).toMatchObject({ status: "needs_reconnect", lastError: error.message });
    expect(marked.lastErrorAt).toBeInstanceOf(Date);

    await connectOAuthAccount(t.db, user.id, "google", ADA, settings);
    expect(await row()).toMatchObject({ status: "active", lastError: null, lastErrorAt: null });
    await expect(providerForConnection(t.db, await row(), settings).listEvents(externalId, MAY)).resolves.toEqual([]);
  });

  it("a failing read marks the connection 'error'; the next success clears it", async () => {
    const { row, externalId } = await connected("google");
    await google.control.injectFault({ method: "GET", path: "/calendar/v3/calendars/*/events", status: 503 });

    const error = await rejection(providerForConnection(t.db, await row(), settings).listEvents(externalId, MAY), CalendarProviderError);
    expect(error.retryable).toBe(true);
    expect(await row()).toMatchObject({ status: "error", lastError: error.message });

    await providerForConnection(t.db, await row(), settings).listEvents(externalId, MAY);
    expect(await row()).toMatchObject({ status: "active", lastError: null });
  });

  it("a failing write leaves the status alone unless it is an auth failure", async () => {
    const { row, externalId } = await connected("google");
    await google.control.injectFault({ method: "POST", path: "/calendar/v3/calendars/*/events", status: 500 });
    const provider = providerForConnection(t.db, await row(), settings);
    const write = {
      idempotencyKey: "booking-1",
      title: "Intro",
      description: "",
      start: utc("2026-05-05T09:00:00Z"),
      end: utc("2026-05-05T09:30:00Z"),
      timeZone: "Europe/Berlin",
      attendees: [{ name: "Guest", email: "guest@example.com" }],
    };
    expect((await rejection(provider.createEvent(externalId, write), CalendarProviderError)).reason).toBe("transient");
    expect((await row()).status).toBe("active");
    // And the idempotent retry goes through.
    await expect(provider.createEvent(externalId, write)).resolves.toMatchObject({ externalId: expect.any(String) });
  });

  it("credentials that cannot be decrypted fail as 'auth' and ask for a reconnect", async () => {
    const a = await connected("google");
    const b = await connected("google");
    // Another row's ciphertext: bound to that row's id, so it does not open here.
    await t.db.calendarConnection.update({ where: { id: a.dto.id }, data: { credentials: (await b.row()).credentials } });
    await google.control.clearRequests();

    const error = await rejection(providerForConnection(t.db, await a.row(), settings).listCalendars(), CalendarProviderError);
    expect(error.reason).toBe("auth");
    expect(error.message).toMatch(/can no longer read the stored credentials/);
    expect(await a.row()).toMatchObject({ status: "needs_reconnect", lastError: error.message });
    expect(await google.control.countRequests({ pathPrefix: "/calendar/v3/" })).toBe(0);
  });
});

describe("providerForConnection — Microsoft", () => {
  it("stores rotated refresh tokens, and marks a revoked grant needs_reconnect", async () => {
    const { row, externalId } = await connected("microsoft");
    const before = tokensOf(await row());
    await microsoft.control.expireAccessTokens(GRACE);
    await providerForConnection(t.db, await row(), { ...settings, timeZone: "America/New_York" }).listEvents(externalId, MAY);
    const after = tokensOf(await row());
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);

    await microsoft.control.revokeRefreshTokens({ email: GRACE });
    await microsoft.control.expireAccessTokens(GRACE);
    const error = await rejection(providerForConnection(t.db, await row(), settings).listCalendars(), CalendarProviderError);
    expect(error.reason).toBe("auth");
    expect(await row()).toMatchObject({ status: "needs_reconnect" });
  });
});
