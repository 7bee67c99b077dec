import { db } from "@/lib/db/client";
import { apiRoute, json, readJson } from "@/lib/http/api-route";
import { clientIp } from "@/lib/http/client-ip";
import { createRateLimiter } from "@/lib/security/rate-limit";
import { createUser } from "@/lib/users/create-user";
import { newUserSchema } from "@/lib/users/user-schema";

// Every attempt counts, failed ones too: that also slows probing for taken
// emails and burning CPU on password hashing.
const signupLimiter = createRateLimiter({ limit: 10, windowMs: 60 * 60 * 1000, what: "sign-ups" });

/** Public. Creates a host with a default schedule; the UI then signs in with next-auth credentials. */
export const POST = apiRoute(async (request) => {
  signupLimiter.consume(clientIp(request));
  const user = await createUser(db(), await readJson(request, newUserSchema));
  return json({ id: user.id, email: user.email, name: user.name, username: user.username, timeZone: user.timeZone }, 201);
});
