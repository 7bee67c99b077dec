"use client";

import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import { api, errorMessage } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { LoadingRows } from "@/components/ui/skeleton";
import type { EventTypeDto } from "@/lib/event-types/event-type-schema";
import { formatDuration } from "@/lib/time/format";
import { LOCATION_LABELS, LocationIcon } from "./location";

export function EventTypesList({ publicBase }: { publicBase: string }) {
  const [state, setState] = useState<{ items: EventTypeDto[] } | { error: string } | null>(null);

  const load = useCallback(async (signal?: AbortSignal) => {
    try {
      setState({ items: await api.get<EventTypeDto[]>("/api/v1/event-types", undefined, signal) });
    } catch (error) {
      if (!signal?.aborted) setState({ error: errorMessage(error) });
    }
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  if (!state) {
    return (
      <Card>
        <LoadingRows label="Loading event types…" />
      </Card>
    );
  }
  if ("error" in state) {
    return (
      <Card className="space-y-3 p-5">
        <Alert tone="error" title="Event types could not be loaded.">
          {state.error}
        </Alert>
        <Button variant="secondary" onClick={() => void load()}>
          Try again
        </Button>
      </Card>
    );
  }
  if (state.items.length === 0) {
    return (
      <Card>
        <EmptyState
          icon={
            <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.6" className="size-6" aria-hidden="true">
              <circle cx="12" cy="12" r="8.5" />
              <path d="M12 7.5V12l3 2" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
          }
          title="Create your first event type"
          description="An event type is a kind of meeting people can book with you, like a 30-minute intro call."
          action={<ButtonLink href="/dashboard/event-types/new">New event type</ButtonLink>}
        />
      </Card>
    );
  }

  return (
    <Card>
      <ul className="divide-y divide-slate-200">
        {state.items.map((et) => {
          const link = `${publicBase}/${et.slug}`;
          return (
            <li key={et.id} className="flex flex-col gap-3 px-5 py-4 sm:flex-row sm:items-center">
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-center gap-2">
                  <h2 className="font-semibold text-slate-900">
                    <Link
                      href={`/dashboard/event-types/${et.id}`}
                      className="rounded-sm hover:text-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
                    >
                      {et.title}
                    </Link>
                  </h2>
                  {et.seatsPerSlot !== null && <Badge tone="brand">Group · {et.seatsPerSlot} seats</Badge>}
                  {et.hidden && <Badge>Hidden</Badge>}
                </div>
                <p className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-600">
                  <span>{et.durationOptions.map(formatDuration).join(", ")}</span>
                  <span aria-hidden="true" className="text-slate-300">
                    •
                  </span>
                  <span className="inline-flex items-center gap-1">
                    <LocationIcon type={et.location.type} className="size-4 text-slate-500" />
                    {LOCATION_LABELS[et.location.type]}
                  </span>
                </p>
                <a
                  href={link}
                  target="_blank"
                  rel="noreferrer"
                  className="relative mt-1 inline-block max-w-full truncate text-sm text-brand-700 underline-offset-2 hover:underline"
                >
                  {link.replace(/^https?:\/\//, "")}
                  <span className="sr-only"> (opens in a new tab)</span>
                </a>
              </div>
              <div className="flex shrink-0 gap-2">
                <CopyButton text={link} label="Copy link" accessibleLabel={`Copy link to ${et.title}`} />
                <ButtonLink href={`/dashboard/event-types/${et.id}`} variant="secondary" size="sm" aria-label={`Edit ${et.title}`}>
                  Edit
                </ButtonLink>
              </div>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
