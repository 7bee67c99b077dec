import { Badge } from "@/components/ui/badge";
import type { ConnectionStatus } from "@/lib/calendars/connection-dto";
import type { ProviderKind } from "@/lib/calendars/provider";

export const PROVIDER_NAMES: Record<ProviderKind, string> = {
  google: "Google",
  microsoft: "Microsoft 365",
  caldav: "CalDAV",
  ics: "ICS feed",
};

/** The long names used in buttons and messages. */
export const OAUTH_PROVIDER_TITLES = { google: "Google Calendar", microsoft: "Microsoft 365 / Outlook" } as const;

const MARK_CLASSES: Record<ProviderKind, string> = {
  google: "bg-white text-[#1a73e8] ring-slate-200",
  microsoft: "bg-white text-[#0364b8] ring-slate-200",
  caldav: "bg-slate-100 text-slate-700 ring-slate-200",
  ics: "bg-amber-50 text-amber-800 ring-amber-200",
};

const MARK_TEXT: Record<ProviderKind, string> = { google: "G", microsoft: "M", caldav: "DAV", ics: "ICS" };

/** A small square mark standing for the provider (decorative: the name is always written beside it). */
export function ProviderMark({ provider }: { provider: ProviderKind }) {
  return (
    <span
      aria-hidden="true"
      className={`inline-flex size-10 shrink-0 items-center justify-center rounded-lg text-xs font-bold ring-1 ring-inset ${MARK_CLASSES[provider]} ${
        provider === "google" || provider === "microsoft" ? "text-base" : ""
      }`}
    >
      {MARK_TEXT[provider]}
    </span>
  );
}

export function ProviderBadge({ provider }: { provider: ProviderKind }) {
  return <Badge tone="neutral">{PROVIDER_NAMES[provider]}</Badge>;
}

export function StatusBadge({ status }: { status: ConnectionStatus }) {
  if (status === "active") return <Badge tone="success">Active</Badge>;
  if (status === "needs_reconnect") return <Badge tone="warning">Reconnect needed</Badge>;
  return <Badge tone="danger">Not syncing</Badge>;
}
