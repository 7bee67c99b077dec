/** The booking domain: create, read, list, cancel and reschedule bookings, and write them to the host's calendar. */
export * from "./booking-schema";
export { toBookingDto, toBookingDtoFromRow, guestUrls, bookingRelations, type BookingDto, type BookingWithRelations, type WriteBackDto } from "./booking-dto";
export { renderBookingIcs, bookingIcsFilename } from "./booking-ics";
export { createBooking, type CreateBookingResult } from "./create-booking";
export { cancelBooking } from "./cancel-booking";
export { rescheduleBooking } from "./reschedule-booking";
export { getBooking, type BookingActor } from "./get-booking";
export { listBookings, BOOKING_LIST_LIMIT } from "./list-bookings";
export { retryWriteBack } from "./retry-write-back";
export { bookingWriteBackJob } from "./write-back-job";
