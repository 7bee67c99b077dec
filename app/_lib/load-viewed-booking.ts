import { notFound } from "next/navigation";
import { cache } from "react";
import { getSessionUser } from "@/lib/auth/session-user";
import type { BookingWithRelations } from "@/lib/booking/booking-dto";
import { getBooking } from "@/lib/booking/get-booking";
import { db } from "@/lib/db/client";
import { orNotFound } from "./or-not-found";

export interface ViewedBooking {
  booking: BookingWithRelations;
  /** Who is looking: the guest (by token) or the signed-in host who owns it. */
  viewer: "guest" | "host";
  token?: string;
}

/**
 * A booking for a guest page, the same way the API decides: with `?token=` it
 * is the guest's (a wrong token is a 404, whoever is signed in); without one,
 * only its signed-in host may see it. cache(): metadata and page share it.
 */
export const loadViewedBooking = cache(async (uid: string, token: string | undefined): Promise<ViewedBooking> => {
  if (token) {
    const booking = await orNotFound(getBooking(db(), uid, { kind: "guest", token }));
    return { booking, viewer: "guest", token };
  }
  const user = await getSessionUser();
  if (!user) notFound();
  const booking = await orNotFound(getBooking(db(), uid, { kind: "host", userId: user.id }));
  return { booking, viewer: "host" };
});

/** `?token=` as one string, or undefined. */
export function tokenParam(query: Record<string, string | string[] | undefined>): string | undefined {
  const token = query.token;
  return typeof token === "string" && token !== "" ? token : undefined;
}
