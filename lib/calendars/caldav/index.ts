/** CalDAV accounts (Radicale, Nextcloud, Fastmail, iCloud, Baïkal …) over tsdav. */
export { createCalDavCalendarProvider, type CalDavProviderOptions } from "./caldav-calendar-provider";
export { verifyCalDavCredentials, type VerifiedCalDavAccount } from "./verify-caldav-credentials";
