import type { Metadata } from "next";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { DashboardNav } from "@/components/dashboard/dashboard-nav";
import { getSessionUser } from "@/lib/auth/session-user";
import { config } from "@/lib/config";

export const metadata: Metadata = { robots: { index: false } };

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await getSessionUser();
  if (!user) redirect("/signin?callbackUrl=/dashboard");
  return (
    <div className="min-h-screen">
      <DashboardNav name={user.name} username={user.username} publicUrl={config().publicUrl} />
      <main className="mx-auto max-w-6xl px-4 py-8 sm:px-6">{children}</main>
    </div>
  );
}
