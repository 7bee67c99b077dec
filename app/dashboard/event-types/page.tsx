import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { EventTypesList } from "@/components/dashboard/event-types-list";
import { PageHeader } from "@/components/dashboard/page-header";
import { ButtonLink } from "@/components/ui/button";
import { getSessionUser } from "@/lib/auth/session-user";
import { config } from "@/lib/config";

export const metadata: Metadata = { title: "Event types" };

export default async function EventTypesPage() {
  const user = await getSessionUser();
  if (!user) redirect("/signin");
  return (
    <>
      <PageHeader
        title="Event types"
        description="The kinds of meetings people can book with you."
        actions={<ButtonLink href="/dashboard/event-types/new">New event type</ButtonLink>}
      />
      <EventTypesList publicBase={`${config().publicUrl}/${user.username}`} />
    </>
  );
}
