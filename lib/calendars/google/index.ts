export { createGoogleCalendarProvider, type GoogleCalendarProvider, type GoogleCalendarProviderOptions } from "./google-calendar-provider";
export { buildAuthorizeUrl, exchangeCode, GOOGLE_SCOPES, type GoogleOAuthOptions } from "./google-oauth";
export { googleSettings, type GoogleSettings } from "./google-settings";
