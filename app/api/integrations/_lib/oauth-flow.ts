/**
 * HTTP plumbing of the Google/Microsoft connect flow: the provider segment,
 * the pending-flow cookie, and redirects back to Settings → Calendars with a
 * flag the page turns into a message.
 */
import { config } from "@/lib/config";
import { notFound } from "@/lib/errors";
import type { OAuthConnectFailure } from "@/lib/calendars/oauth-connect-error";
import type { OAuthProviderKind } from "@/lib/calendars/oauth-pending-state";

export type ProviderContext = { params: Promise<{ provider: string }> };

export const CALENDAR_SETTINGS_PATH = "/dashboard/settings/calendars";

export async function oauthProvider(context: ProviderContext): Promise<OAuthProviderKind> {
  const { provider } = await context.params;
  if (provider !== "google" && provider !== "microsoft") throw notFound("Calendar integration");
  return provider;
}

/** One cookie per provider, sent only to that provider's integration routes. */
function cookieName(provider: OAuthProviderKind): string {
  return `kairos_oauth_${provider}`;
}

function cookieAttributes(provider: OAuthProviderKind, maxAgeSeconds: number): string {
  // SameSite=Lax: the callback is a top-level GET navigation from the provider's site, which Lax allows.
  const secure = config().publicUrl.startsWith("https:") ? "; Secure" : "";
  return `Path=/api/integrations/${provider}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${secure}`;
}

export function pendingFlowCookie(provider: OAuthProviderKind, value: string, maxAgeSeconds: number): string {
  return `${cookieName(provider)}=${value}; ${cookieAttributes(provider, maxAgeSeconds)}`;
}

export function clearedFlowCookie(provider: OAuthProviderKind): string {
  return `${cookieName(provider)}=; ${cookieAttributes(provider, 0)}`;
}

export function readPendingFlowCookie(request: Request, provider: OAuthProviderKind): string | undefined {
  const name = cookieName(provider);
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

export function redirect(location: string, cookie?: string): Response {
  const headers = new Headers({ Location: location, "Cache-Control": "no-store" });
  if (cookie) headers.append("Set-Cookie", cookie);
  return new Response(null, { status: 302, headers });
}

export type SettingsFlag = { connected: OAuthProviderKind } | { error: OAuthConnectFailure; provider: OAuthProviderKind };

/** Absolute URL of Settings → Calendars carrying the outcome of a flow. */
export function settingsUrl(flag: SettingsFlag): string {
  const url = new URL(`${config().publicUrl}${CALENDAR_SETTINGS_PATH}`);
  for (const [key, value] of Object.entries(flag)) url.searchParams.set(key, value);
  return url.toString();
}

/** Where a visitor without a session goes: sign in, then back to Settings → Calendars. */
export function signInUrl(): string {
  const url = new URL(`${config().publicUrl}/signin`);
  url.searchParams.set("callbackUrl", CALENDAR_SETTINGS_PATH);
  return url.toString();
}
