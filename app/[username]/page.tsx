import type { Metadata } from "next";
import Link from "next/link";
import { cache } from "react";
import { orNotFound } from "@/app/_lib/or-not-found";
import { LOCATION_LABELS, LocationIcon } from "@/components/dashboard/location";
import { ClockIcon, Initials } from "@/components/booking/icons";
import { PublicShell } from "@/components/booking/public-shell";
import { db } from "@/lib/db/client";
import { formatDuration } from "@/lib/time/format";
import { listPublicEventTypes } from "@/lib/users/list-public-event-types";

type Params = Promise<{ username: string }>;

const load = cache((username: string) => orNotFound(listPublicEventTypes(db(), username)));

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { host } = await load((await params).username);
  return { title: `Book a meeting with ${host.name}` };
}

/** Descriptions are free text; the card shows the start of the first paragraph. */
function excerpt(text: string, max = 140): string {
  const flat = text.trim().replace(/\s+/g, " ");
  return flat.length <= max ? flat : `${flat.slice(0, max).replace(/\s+\S*$/, "")}…`;
}

export default async function HostProfilePage({ params }: { params: Params }) {
  const { username } = await params;
  const { host, eventTypes } = await load(username);

  return (
    <PublicShell width="medium">
      <div className="overflow-hidden rounded-2xl border border-slate-200 bg-white shadow-sm">
        <header className="flex flex-col items-center border-b border-slate-200 px-6 py-10 text-center">
          <Initials name={host.name} className="size-16 text-xl" />
          <h1 className="mt-4 text-2xl font-bold tracking-tight text-slate-900">{host.name}</h1>
          <p className="mt-1 max-w-md text-sm text-slate-600">
            {eventTypes.length > 0 ? "Pick a meeting type to see free times and book one." : "Nothing to book here yet."}
          </p>
        </header>

        {eventTypes.length === 0 ? (
          <p className="px-6 py-12 text-center text-sm text-slate-600">{host.name} has no public meeting types at the moment.</p>
        ) : (
          <ul className="grid gap-4 p-4 sm:grid-cols-2 sm:p-6" aria-label="Meeting types">
            {eventTypes.map((eventType) => (
              <li key={eventType.id}>
                <Link
                  href={`/${host.username}/${eventType.slug}`}
                  className="group flex h-full flex-col rounded-xl border border-slate-200 border-t-4 border-t-brand-500 bg-white p-5 transition hover:border-brand-500 hover:shadow-md focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
                >
                  <h2 className="text-lg font-semibold text-slate-900 group-hover:text-brand-700">{eventType.title}</h2>
                  <p className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-slate-600">
                    <span className="inline-flex items-center gap-1.5">
                      <ClockIcon className="size-4 text-slate-500" />
                      {eventType.durationOptions.map(formatDuration).join(", ")}
                    </span>
                    <span className="inline-flex items-center gap-1.5">
                      <LocationIcon type={eventType.locationType} className="size-4 text-slate-500" />
                      {LOCATION_LABELS[eventType.locationType]}
                    </span>
                  </p>
                  {eventType.description && <p className="mt-3 text-sm text-slate-600">{excerpt(eventType.description)}</p>}
                  <span className="mt-auto pt-4 text-sm font-medium text-brand-700" aria-hidden="true">
                    See times →
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </div>
    </PublicShell>
  );
}
