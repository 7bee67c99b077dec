import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { EventTypeForm } from "@/components/dashboard/event-type-form";
import { PageHeader } from "@/components/dashboard/page-header";
import { getSessionUser } from "@/lib/auth/session-user";
import { config } from "@/lib/config";

export const metadata: Metadata = { title: "New event type" };

export default async function NewEventTypePage() {
  const user = await getSessionUser();
  if (!user) redirect("/signin");
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title="New event type" description="A kind of meeting people can book with you." />
      <EventTypeForm publicBase={`${config().publicUrl}/${user.username}`} />
    </div>
  );
}
