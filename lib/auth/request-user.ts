/**
 * Who is calling: an API key (`Authorization: Bearer kai_…`) or the next-auth
 * session cookie. Every private route starts with requireUserId().
 */
import { getToken } from "next-auth/jwt";
import { config } from "../config";
import { db } from "../db/client";
import { AppError } from "../errors";
import { API_KEY_PREFIX, userIdForApiKey } from "./api-keys";

export async function currentUserId(request: Request): Promise<string | null> {
  const authorization = request.headers.get("authorization") ?? "";
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
  if (bearer) {
    if (!bearer.startsWith(API_KEY_PREFIX)) return null;
    return userIdForApiKey(db(), bearer);
  }
  const cookies = parseCookies(request.headers.get("cookie") ?? "");
  const secureCookie = [...cookies.keys()].some((name) => name.startsWith("__Secure-next-auth.session-token"));
  const token = await getToken({
    req: { cookies, headers: {} } as never,
    secret: config().authSecret,
    secureCookie,
  });
  if (!token?.sub) return null;
  // A token can outlive its user (account deleted); confirm the user exists.
  const user = await db().user.findUnique({ where: { id: token.sub }, select: { id: true } });
  return user?.id ?? null;
}

export async function requireUserId(request: Request): Promise<string> {
  const userId = await currentUserId(request);
  if (!userId) throw new AppError("unauthorized", "Sign in, or send an API key as `Authorization: Bearer kai_…`.");
  return userId;
}

function parseCookies(header: string): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    try {
      cookies.set(name, decodeURIComponent(value));
    } catch {
      cookies.set(name, value);
    }
  }
  return cookies;
}
