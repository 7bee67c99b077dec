import { currentUserId } from "@/lib/auth/request-user";
import type { BookingActor } from "@/lib/booking";
import { AppError, notFound } from "@/lib/errors";

/**
 * Who is acting on a booking in this request: the guest when a manage token
 * is given, otherwise the signed-in host (session or API key). An anonymous
 * request without a token gets the same 404 as a wrong token — a uid alone
 * reveals nothing — while a bad API key still hears that it is bad.
 */
export async function requestActor(request: Request, token: string | undefined): Promise<BookingActor> {
  if (token) return { kind: "guest", token };
  const userId = await currentUserId(request);
  if (userId) return { kind: "host", userId };
  if (request.headers.has("authorization")) {
    throw new AppError("unauthorized", "That API key is not valid. Send `Authorization: Bearer kai_…`.");
  }
  throw notFound("Booking");
}

export type UidContext = { params: Promise<{ uid: string }> };

/** Responses that may carry a guest token must not be cached anywhere. */
export const NO_STORE = { "Cache-Control": "private, no-store" } as const;
