/**
 * The one way to read configuration: environment variables validated once.
 * Optional integrations are simply absent when their variables are unset.
 */
import { z } from "zod";

const optional = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== "" ? v.trim() : undefined));

/** A URL setting with a default (the real provider endpoint); a blank value means the default. */
const url = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v && v.trim() !== "" ? v.trim() : fallback))
    .pipe(z.url({ protocol: /^https?$/ }));

/** A whole-number setting within [min, max]; unset or blank means `fallback`. */
const wholeNumber = (min: number, max: number, fallback: number) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.coerce.number().int().min(min).max(max).default(fallback));

/** Base URLs are joined with relative paths, so they always end with "/". */
const withSlash = (base: string) => (base.endsWith("/") ? base : `${base}/`);

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: optional,
  /** Where people reach this instance; used for links in API answers and e-mails. */
  PUBLIC_URL: optional,
  NEXTAUTH_URL: optional,
  NEXTAUTH_SECRET: optional,
  GOOGLE_CLIENT_ID: optional,
  GOOGLE_CLIENT_SECRET: optional,
  MICROSOFT_CLIENT_ID: optional,
  MICROSOFT_CLIENT_SECRET: optional,
  MICROSOFT_TENANT_ID: optional,
  OIDC_ISSUER: optional,
  OIDC_CLIENT_ID: optional,
  OIDC_CLIENT_SECRET: optional,
  OIDC_NAME: optional,
  /** Provider endpoints: the real ones by default, the emulators' in tests and local development. */
  GOOGLE_API_ROOT_URL: url("https://www.googleapis.com/"),
  GOOGLE_OAUTH_AUTHORIZE_URL: url("https://accounts.google.com/o/oauth2/v2/auth"),
  GOOGLE_OAUTH_TOKEN_URL: url("https://oauth2.googleapis.com/token"),
  GOOGLE_OAUTH_REVOKE_URL: url("https://oauth2.googleapis.com/revoke"),
  MICROSOFT_GRAPH_URL: url("https://graph.microsoft.com/"),
  MICROSOFT_LOGIN_URL: url("https://login.microsoftonline.com/"),
  /** 32 random bytes (base64 or hex) that encrypt secrets at rest; checked where it is used (lib/security/encryption.ts). */
  KAIROS_ENCRYPTION_KEY: optional,
  /** Slot cache (lib/availability/slot-cache.ts): entry lifetime in seconds, 0 = no cache; and its size. */
  SLOT_CACHE_TTL_SECONDS: wholeNumber(0, 3600, 60),
  SLOT_CACHE_MAX_ENTRIES: wholeNumber(1, 1_000_000, 1000),
  /** Redis (redis://host:port/db): shared slot cache and cross-instance invalidation; unset = in-memory per instance. */
  REDIS_URL: optional,
  /** Background jobs (lib/jobs): "off" runs an instance that only serves requests. */
  KAIROS_WORKER: z.enum(["on", "off"]).default("on"),
  JOB_POLL_INTERVAL_MS: wholeNumber(50, 60_000, 1000),
  JOB_CONCURRENCY: wholeNumber(1, 64, 4),
  /** Calendar sync (lib/sync): how far ahead the busy store holds events, and how often calendars without push are polled. */
  SYNC_HORIZON_DAYS: wholeNumber(7, 1100, 365),
  SYNC_POLL_INTERVAL_SECONDS: wholeNumber(5, 86_400, 300),
});

export type Config = ReturnType<typeof loadConfig>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const raw = envSchema.parse(env);
  const publicUrl = (raw.PUBLIC_URL ?? raw.NEXTAUTH_URL ?? "http://localhost:3000").replace(/\/+$/, "");
  return {
    nodeEnv: raw.NODE_ENV,
    databaseUrl: raw.DATABASE_URL,
    publicUrl,
    authSecret: raw.NEXTAUTH_SECRET,
    google:
      raw.GOOGLE_CLIENT_ID && raw.GOOGLE_CLIENT_SECRET
        ? { clientId: raw.GOOGLE_CLIENT_ID, clientSecret: raw.GOOGLE_CLIENT_SECRET }
        : undefined,
    microsoft:
      raw.MICROSOFT_CLIENT_ID && raw.MICROSOFT_CLIENT_SECRET
        ? {
            clientId: raw.MICROSOFT_CLIENT_ID,
            clientSecret: raw.MICROSOFT_CLIENT_SECRET,
            tenantId: raw.MICROSOFT_TENANT_ID ?? "common",
          }
        : undefined,
    oidc:
      raw.OIDC_ISSUER && raw.OIDC_CLIENT_ID && raw.OIDC_CLIENT_SECRET
        ? {
            issuer: raw.OIDC_ISSUER.replace(/\/+$/, ""),
            clientId: raw.OIDC_CLIENT_ID,
            clientSecret: raw.OIDC_CLIENT_SECRET,
            name: raw.OIDC_NAME ?? "Single sign-on",
          }
        : undefined,
    endpoints: {
      google: {
        apiRootUrl: withSlash(raw.GOOGLE_API_ROOT_URL),
        authorizeUrl: raw.GOOGLE_OAUTH_AUTHORIZE_URL,
        tokenUrl: raw.GOOGLE_OAUTH_TOKEN_URL,
        revokeUrl: raw.GOOGLE_OAUTH_REVOKE_URL,
      },
      microsoft: { graphUrl: withSlash(raw.MICROSOFT_GRAPH_URL), loginUrl: withSlash(raw.MICROSOFT_LOGIN_URL) },
    },
    encryptionKey: raw.KAIROS_ENCRYPTION_KEY,
    slotCache: { ttlMs: raw.SLOT_CACHE_TTL_SECONDS * 1000, maxEntries: raw.SLOT_CACHE_MAX_ENTRIES },
    redisUrl: raw.REDIS_URL,
    worker: { enabled: raw.KAIROS_WORKER === "on", pollIntervalMs: raw.JOB_POLL_INTERVAL_MS, concurrency: raw.JOB_CONCURRENCY },
    sync: { horizonDays: raw.SYNC_HORIZON_DAYS, pollIntervalMs: raw.SYNC_POLL_INTERVAL_SECONDS * 1000 },
  };
}

/**
 * A required setting is missing or malformed. Not an AppError on purpose: API
 * answers stay a generic 500 while the message (which names the variable and
 * how to fix it) goes to the operator's log.
 */
export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigurationError";
  }
}

let cached: Config | undefined;
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}
