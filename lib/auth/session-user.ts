/**
 * The signed-in host for server-rendered pages (the API uses request-user.ts).
 * Returns null when there is no session or its user no longer exists.
 */
import { getServerSession } from "next-auth";
import { cache } from "react";
import { db } from "../db/client";
import { authOptions } from "./auth-options";

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  username: string;
  timeZone: string;
}

// cache(): the layout and the page of one request share a single lookup.
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(authOptions());
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  return db().user.findUnique({
    where: { id },
    select: { id: true, name: true, email: true, username: true, timeZone: true },
  });
});
