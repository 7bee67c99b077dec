import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { EventTypeForm } from "@/components/dashboard/event-type-form";
import { PageHeader } from "@/components/dashboard/page-header";
import { getSessionUser } from "@/lib/auth/session-user";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { getEventType } from "@/lib/event-types/get-event-type";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const user = await getSessionUser();
  if (!user) return { title: "Event type" };
  try {
    const eventType = await getEventType(db(), user.id, (await params).id);
    return { title: `Edit ${eventType.title}` };
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") return { title: "Event type not found" };
    throw error;
  }
}

export default async function EditEventTypePage({ params }: Props) {
  const user = await getSessionUser();
  if (!user) redirect("/signin");
  const { id } = await params;
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title="Edit event type" />
      <EventTypeForm eventTypeId={id} publicBase={`${config().publicUrl}/${user.username}`} />
    </div>
  );
}
