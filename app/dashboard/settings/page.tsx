import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ApiKeysPanel } from "@/components/dashboard/api-keys-panel";
import { PageHeader } from "@/components/dashboard/page-header";
import { ProfileForm } from "@/components/dashboard/profile-form";
import { SettingsTabs } from "@/components/dashboard/settings-tabs";
import { getSessionUser } from "@/lib/auth/session-user";
import { config } from "@/lib/config";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await getSessionUser();
  if (!user) redirect("/signin");
  const { name, email, username, timeZone } = user;
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeader title="Settings" />
      <SettingsTabs current="/dashboard/settings" />
      <ProfileForm initial={{ name, email, username, timeZone }} publicUrl={config().publicUrl} />
      <ApiKeysPanel publicUrl={config().publicUrl} />
    </div>
  );
}
