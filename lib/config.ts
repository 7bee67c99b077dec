/**
 * The one way to read configuration: environment variables validated once.
 * Optional integrations are simply absent when their variables are unset.
 */
import { z } from "zod";

const optional = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== "" ? v.trim() : undefined));

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
  };
}

let cached: Config | undefined;
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}
