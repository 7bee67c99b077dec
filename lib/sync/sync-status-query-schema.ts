/** The query of GET /api/v1/connections/{id}/sync: `?runs=N`, how many recent sync runs to list (1–100, default 20). */
import { z } from "zod";
import { MAX_SYNC_RUNS } from "./get-sync-status";

export const syncStatusQuerySchema = z.object({
  runs: z
    .string()
    .trim()
    .regex(/^\d{1,3}$/, "Give runs as a whole number.")
    .transform(Number)
    .refine((n) => n >= 1 && n <= MAX_SYNC_RUNS, `Give runs between 1 and ${MAX_SYNC_RUNS}.`)
    .optional(),
});
