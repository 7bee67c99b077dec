import { newApiKeySchema } from "@/lib/auth/api-key-schema";
import { createApiKey, listApiKeys } from "@/lib/auth/api-keys";
import { requireUserId } from "@/lib/auth/request-user";
import { db } from "@/lib/db/client";
import { apiRoute, json, readJson } from "@/lib/http/api-route";

/** The user's keys, newest first: id, name, prefix, createdAt, lastUsedAt — never the key. */
export const GET = apiRoute(async (request) => {
  const userId = await requireUserId(request);
  return listApiKeys(db(), userId);
});

/** 201 with `key`: the only time the whole key is shown. */
export const POST = apiRoute(async (request) => {
  const userId = await requireUserId(request);
  const { name } = await readJson(request, newApiKeySchema);
  return json(await createApiKey(db(), userId, name), 201);
});
