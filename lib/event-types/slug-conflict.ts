import { isUniqueViolation } from "../db/errors";
import { AppError } from "../errors";

/** The unique (user_id, slug) index as the API's conflict answer; other errors pass through. */
export function slugConflict(error: unknown, slug: string | undefined): unknown {
  if (!isUniqueViolation(error, "slug")) return error;
  const message = `You already have an event type at /${slug ?? ""}. Choose another slug.`;
  return new AppError("conflict", message, [{ path: "slug", message }]);
}
