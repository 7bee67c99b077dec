import { z } from "zod";

/** POST /api/v1/api-keys: a label so the person can tell their keys apart. */
export const newApiKeySchema = z.object({
  name: z.string().trim().min(1, "Name the key, e.g. after the script that uses it.").max(100),
});
