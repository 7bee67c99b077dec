export {
  createMicrosoftCalendarProvider,
  MAX_SUBSCRIPTION_MINUTES,
  type MicrosoftCalendarProvider,
  type MicrosoftCalendarProviderOptions,
} from "./microsoft-calendar-provider";
export { buildAuthorizeUrl, exchangeCode, type MicrosoftOAuthOptions } from "./microsoft-oauth";
export { MICROSOFT_SCOPES } from "./entra-token";
export { microsoftSettings, type MicrosoftSettings } from "./microsoft-settings";
