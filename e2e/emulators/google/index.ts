/**
 * The Google emulator: Google OAuth 2.0 + Calendar API v3 on plain http, in memory.
 *
 *   const google = await startGoogleEmulator();
 *   const auth = new google.auth.OAuth2({ clientId, clientSecret, endpoints: { oauth2TokenUrl: emu.tokenUrl } });
 *   const calendar = googleapis.calendar({ version: "v3", auth, rootUrl: emu.rootUrl });
 */
import { randomBytes } from "node:crypto";
import { registerSharedControlRoutes } from "../shared/control-routes";
import { FaultStore } from "../shared/faults";
import { startEmulatorServer } from "../shared/http-server";
import { OAuthStore, type OAuthClientRegistration } from "../shared/oauth-store";
import { Outbox } from "../shared/outbox";
import { RequestLog } from "../shared/request-log";
import { Router } from "../shared/router";
import { SigningKey } from "../shared/signing-key";
import { registerGoogleCalendarRoutes } from "./calendar-api";
import { registerGoogleControlRoutes } from "./control-api";
import { GoogleControl } from "./control";
import { googleErrorResponse, googleFaultResponse } from "./errors";
import { mintGoogleAccessToken, registerGoogleOAuthRoutes } from "./oauth-api";
import { GoogleState } from "./state";

export { GoogleControl } from "./control";

export const DEFAULT_GOOGLE_CLIENT: Required<Pick<OAuthClientRegistration, "clientId" | "clientSecret">> = {
  clientId: "000000000000-kairosemulator.apps.googleusercontent.com",
  clientSecret: "GOCSPX-kairos-emulator-secret",
};

export interface GoogleEmulatorOptions {
  port?: number;
  host?: string;
  /** Lifetime of access tokens (Google: 3599 s). */
  accessTokenTtlSeconds?: number;
  /** OAuth clients accepted (default: DEFAULT_GOOGLE_CLIENT, any redirect URI). */
  clients?: OAuthClientRegistration[];
  /** id_token `iss`; google-auth-library's verifyIdToken accepts only Google's real issuers. */
  issuer?: string;
  /** Accept http:// watch addresses (real Google demands https). Default true. */
  allowHttpWebhooks?: boolean;
  /** Accounts created at start and re-created by reset(). */
  accounts?: Array<{ email: string; name?: string; timeZone?: string }>;
}

export interface GoogleEmulator {
  /** Origin, e.g. "http://127.0.0.1:4100". */
  url: string;
  /** For `google.calendar({ version: "v3", rootUrl })` (with trailing slash). */
  rootUrl: string;
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl: string;
  client: { clientId: string; clientSecret: string };
  /** Environment variables that point Kairos at this emulator. */
  env: Record<string, string>;
  control: GoogleControl;
  stop(): Promise<void>;
}

export async function startGoogleEmulator(options: GoogleEmulatorOptions = {}): Promise<GoogleEmulator> {
  let origin = "";
  const outbox = new Outbox();
  const state = new GoogleState(outbox, () => origin);
  const clients = options.clients ?? [DEFAULT_GOOGLE_CLIENT];
  const oauth = new OAuthStore(
    {
      accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3599,
      rotateRefreshTokens: false,
      mintAccessToken: mintGoogleAccessToken,
      mintRefreshToken: () => `1//0${randomBytes(40).toString("base64url")}`,
      mintCode: () => `4/0${randomBytes(36).toString("base64url")}`,
    },
    clients,
  );
  const key = await SigningKey.create("emulated-google-signing-key");
  const faults = new FaultStore();
  const log = new RequestLog();

  const seed = () => {
    for (const account of options.accounts ?? []) state.createAccount(account);
  };
  seed();

  const api = new Router();
  const ctx = {
    state,
    oauth,
    key,
    issuer: options.issuer ?? "https://accounts.google.com",
    origin: () => origin,
    allowHttpWebhooks: options.allowHttpWebhooks ?? true,
  };
  registerGoogleOAuthRoutes(api, ctx);
  registerGoogleCalendarRoutes(api, ctx);

  const control = new Router();
  registerSharedControlRoutes(control, {
    faults,
    log,
    outbox,
    oauth,
    resetState: () => {
      state.reset();
      seed();
    },
  });
  registerGoogleControlRoutes(control, {
    state,
    oauth,
    defaultClientId: clients[0]?.clientId ?? DEFAULT_GOOGLE_CLIENT.clientId,
  });

  const server = await startEmulatorServer({
    host: options.host,
    port: options.port,
    api,
    control,
    faults,
    log,
    hooks: {
      faultResponse: (rule) => googleFaultResponse(rule),
      notFound: () => googleErrorResponse(404, "notFound", "Not Found"),
      methodNotAllowed: () => googleErrorResponse(405, "httpMethodNotAllowed", "Method Not Allowed"),
      internalError: () => googleErrorResponse(500, "backendError", "Backend Error"),
    },
  });
  origin = server.origin;
  const client = { clientId: clients[0]?.clientId ?? "", clientSecret: clients[0]?.clientSecret ?? "" };
  return {
    url: origin,
    rootUrl: `${origin}/`,
    authorizeUrl: `${origin}/o/oauth2/v2/auth`,
    tokenUrl: `${origin}/token`,
    revokeUrl: `${origin}/revoke`,
    client,
    env: {
      GOOGLE_API_ROOT_URL: `${origin}/`,
      GOOGLE_OAUTH_AUTHORIZE_URL: `${origin}/o/oauth2/v2/auth`,
      GOOGLE_OAUTH_TOKEN_URL: `${origin}/token`,
      GOOGLE_OAUTH_REVOKE_URL: `${origin}/revoke`,
      GOOGLE_OAUTH_USERINFO_URL: `${origin}/oauth2/v3/userinfo`,
      GOOGLE_OAUTH_JWKS_URL: `${origin}/oauth2/v3/certs`,
      GOOGLE_CLIENT_ID: client.clientId,
      GOOGLE_CLIENT_SECRET: client.clientSecret,
    },
    control: new GoogleControl(origin),
    stop: () => server.close(),
  };
}
