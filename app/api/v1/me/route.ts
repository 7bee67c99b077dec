import { requireUserId } from "@/lib/auth/request-user";
import { db } from "@/lib/db/client";
import { apiRoute, readJson } from "@/lib/http/api-route";
import { getMe } from "@/lib/users/get-me";
import { updateProfile } from "@/lib/users/update-profile";
import { profileUpdateSchema } from "@/lib/users/user-schema";

export const GET = apiRoute(async (request) => {
  const userId = await requireUserId(request);
  return getMe(db(), userId);
});

export const PATCH = apiRoute(async (request) => {
  const userId = await requireUserId(request);
  return updateProfile(db(), userId, await readJson(request, profileUpdateSchema));
});
