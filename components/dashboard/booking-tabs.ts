/** The bookings list's tabs (shared by the server page and the client view). */
export const BOOKING_TABS = [
  { status: "upcoming", label: "Upcoming" },
  { status: "past", label: "Past" },
  { status: "cancelled", label: "Cancelled" },
] as const;
export type BookingTab = (typeof BOOKING_TABS)[number]["status"];
