import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { CalendarSettings, type ConnectFlash } from "@/components/dashboard/calendars/calendar-settings";
import { PageHeader } from "@/components/dashboard/page-header";
import { SettingsTabs } from "@/components/dashboard/settings-tabs";
import { getSessionUser } from "@/lib/auth/session-user";
import { calendarFeatures } from "@/lib/calendars/calendar-features";
import { isOAuthConnectFailure } from "@/lib/calendars/oauth-connect-error";

export const metadata: Metadata = { title: "Calendars · Settings" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The outcome of an OAuth connect flow, from the callback's redirect (fixed values only). */
function flashFrom(params: Record<string, string | string[] | undefined>): ConnectFlash | undefined {
  const provider = params.provider ?? params.connected;
  if (provider !== "google" && provider !== "microsoft") return undefined;
  if (params.connected === provider) return { kind: "connected", provider };
  if (isOAuthConnectFailure(params.error)) return { kind: "error", provider, reason: params.error };
  return undefined;
}

export default async function CalendarSettingsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await getSessionUser();
  if (!user) redirect("/signin?callbackUrl=/dashboard/settings/calendars");
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeader title="Settings" />
      <SettingsTabs current="/dashboard/settings/calendars" />
      <CalendarSettings features={calendarFeatures()} flash={flashFrom(await searchParams)} />
    </div>
  );
}
