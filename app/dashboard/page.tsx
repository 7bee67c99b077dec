import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { BOOKING_TABS, type BookingTab } from "@/components/dashboard/booking-tabs";
import { BookingsView } from "@/components/dashboard/bookings-view";
import { PageHeader } from "@/components/dashboard/page-header";
import { getSessionUser } from "@/lib/auth/session-user";
import { config } from "@/lib/config";

export const metadata: Metadata = { title: "Bookings" };

export default async function BookingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await getSessionUser();
  if (!user) redirect("/signin");
  const { status } = await searchParams;
  const initialTab: BookingTab = BOOKING_TABS.find((t) => t.status === status)?.status ?? "upcoming";
  return (
    <>
      <PageHeader title="Bookings" description="Meetings people have booked with you." />
      <BookingsView initialTab={initialTab} timeZone={user.timeZone} publicLink={`${config().publicUrl}/${user.username}`} />
    </>
  );
}
