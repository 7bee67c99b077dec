import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AvailabilityManager } from "@/components/dashboard/availability/availability-manager";
import { OutOfOfficeEditor } from "@/components/dashboard/availability/out-of-office-editor";
import { PageHeader } from "@/components/dashboard/page-header";
import { getSessionUser } from "@/lib/auth/session-user";

export const metadata: Metadata = { title: "Availability" };

export default async function AvailabilityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await getSessionUser();
  if (!user) redirect("/signin");
  const { schedule } = await searchParams;
  return (
    <>
      <PageHeader title="Availability" description="The hours people can book you. Each event type uses your default schedule unless it picks another." />
      <AvailabilityManager hostTimeZone={user.timeZone} initialScheduleId={typeof schedule === "string" ? schedule : undefined} />
      <div className="mt-8">
        <OutOfOfficeEditor hostTimeZone={user.timeZone} />
      </div>
    </>
  );
}
