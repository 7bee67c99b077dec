import type { Metadata } from "next";
import { cache } from "react";
import { orNotFound } from "@/app/_lib/or-not-found";
import { BookingPage } from "@/components/booking/booking-page";
import { PublicShell } from "@/components/booking/public-shell";
import { db } from "@/lib/db/client";
import { getPublicEventType } from "@/lib/event-types/get-public-event-type";

type Params = Promise<{ username: string; slug: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

// Metadata and page of one request share a single lookup.
const load = cache((username: string, slug: string) => orNotFound(getPublicEventType(db(), username, slug)));

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { username, slug } = await params;
  const { host, eventType } = await load(username, slug);
  return { title: `${eventType.title} with ${host.name}`, robots: eventType.hidden ? { index: false } : undefined };
}

function single(value: string | string[] | undefined): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

export default async function EventBookingPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { username, slug } = await params;
  const query = await searchParams;
  const { host, eventType } = await load(username, slug);
  const rescheduleUid = single(query.rescheduleUid);
  const token = single(query.token);

  return (
    <PublicShell>
      <BookingPage
        host={host}
        // Only what a guest may see before booking: the location's value (link,
        // phone number, address) arrives with the confirmation.
        eventType={{
          slug: eventType.slug,
          title: eventType.title,
          description: eventType.description,
          durationMinutes: eventType.durationMinutes,
          durationOptions: eventType.durationOptions,
          locationType: eventType.location.type,
          bookingWindow: eventType.bookingWindow,
          seatsPerSlot: eventType.seatsPerSlot,
        }}
        reschedule={rescheduleUid && token ? { uid: rescheduleUid, token } : null}
      />
    </PublicShell>
  );
}
