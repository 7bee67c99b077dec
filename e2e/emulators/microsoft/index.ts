/**
 * The Microsoft emulator: Entra ID v2.0 OAuth + Microsoft Graph v1.0 calendar endpoints on one
 * https origin (self-signed certificate), in memory.
 *
 *   const ms = await startMicrosoftEmulator();
 *   const client = Client.initWithMiddleware({
 *     baseUrl: ms.graphBaseUrl, customHosts: new Set(["127.0.0.1"]),
 *     fetchOptions: { dispatcher: ms.dispatcher },   // trusts the emulator's certificate in-process
 *     authProvider: { getAccessToken: async () => accessToken },
 *   });
 */
import { randomBytes, randomUUID } from "node:crypto";
import { registerSharedControlRoutes } from "../shared/control-routes";
import { FaultStore } from "../shared/faults";
import { startEmulatorServer } from "../shared/http-server";
import { OAuthStore, type OAuthClientRegistration } from "../shared/oauth-store";
import { Outbox } from "../shared/outbox";
import { RequestLog } from "../shared/request-log";
import { header, Router } from "../shared/router";
import { SigningKey } from "../shared/signing-key";
import { closeDispatcher, createTrustingDispatcher } from "../shared/trust";
import { emulatorCertificate } from "./certificate";
import { registerMicrosoftControlRoutes } from "./control-api";
import { MicrosoftControl } from "./control";
import { registerEntraRoutes, graphAccessToken } from "./entra-api";
import { graphErrorResponse, graphFaultResponse } from "./errors";
import { registerGraphRoutes } from "./graph-api";
import { GraphState } from "./state";
import { registerSubscriptionRoutes } from "./subscriptions-api";

export { MicrosoftControl } from "./control";

export const DEFAULT_MICROSOFT_CLIENT: Required<Pick<OAuthClientRegistration, "clientId" | "clientSecret">> = {
  clientId: "6f1f5b7e-4c1a-4b7e-9d1e-6b1d6a0e2a11",
  clientSecret: "kairos~emulator~client~secret",
};

export interface MicrosoftEmulatorOptions {
  port?: number;
  host?: string;
  /** Where to write (and, with reuseCertificate, re-read) the certificate PEM. */
  certDir?: string;
  reuseCertificate?: boolean;
  tenantId?: string;
  clients?: OAuthClientRegistration[];
  /** Entra access tokens live 60–90 minutes; default 3599 s. */
  accessTokenTtlSeconds?: number;
  users?: Array<{ email: string; displayName?: string; timeZone?: string }>;
  /** Accept http:// notification URLs (real Graph demands https). Default true. */
  allowHttpNotificationUrls?: boolean;
  /** How long the subscription validation handshake may take (Graph: 10 s). */
  validationTimeoutMs?: number;
}

export interface MicrosoftEmulator {
  /** Origin, e.g. "https://127.0.0.1:4101". */
  url: string;
  /** For `Client.initWithMiddleware({ baseUrl })` (the client appends /v1.0). */
  graphBaseUrl: string;
  /** Authority base: `${loginUrl}/{tenant}/oauth2/v2.0/authorize`. */
  loginUrl: string;
  tenantId: string;
  authorizeUrl: string;
  tokenUrl: string;
  client: { clientId: string; clientSecret: string };
  /** The self-signed certificate (PEM) clients must trust. */
  certPem: string;
  certPath?: string;
  /** A fetch dispatcher trusting certPem, for in-process clients (`fetchOptions: { dispatcher }`). */
  dispatcher: object;
  env: Record<string, string>;
  control: MicrosoftControl;
  stop(): Promise<void>;
}

export async function startMicrosoftEmulator(options: MicrosoftEmulatorOptions = {}): Promise<MicrosoftEmulator> {
  let origin = "";
  const tenantId = options.tenantId ?? randomUUID();
  const outbox = new Outbox();
  const state = new GraphState(tenantId, outbox);
  const clients = options.clients ?? [DEFAULT_MICROSOFT_CLIENT];
  const [key, certificate] = await Promise.all([
    SigningKey.create("emulated-entra-signing-key"),
    emulatorCertificate({ certDir: options.certDir, reuse: options.reuseCertificate }),
  ]);
  const oauth = new OAuthStore(
    {
      accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3599,
      rotateRefreshTokens: true,
      mintAccessToken: (input) => graphAccessToken(key, tenantId, state.users.get(input.accountId), input),
      mintRefreshToken: () => `1.A${randomBytes(60).toString("base64url")}`,
      mintCode: () => `1.A${randomBytes(48).toString("base64url")}`,
    },
    clients,
  );
  const faults = new FaultStore();
  const log = new RequestLog();
  const seed = () => {
    for (const user of options.users ?? []) state.createUser(user);
  };
  seed();

  const api = new Router();
  registerGraphRoutes(api, { state, oauth, origin: () => origin });
  registerSubscriptionRoutes(api, {
    state,
    oauth,
    outbox,
    origin: () => origin,
    allowHttpNotificationUrls: options.allowHttpNotificationUrls ?? true,
    validationTimeoutMs: options.validationTimeoutMs ?? 10_000,
  });
  registerEntraRoutes(api, { state, oauth, key, origin: () => origin });

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
  registerMicrosoftControlRoutes(control, {
    state,
    oauth,
    defaultClientId: clients[0]?.clientId ?? DEFAULT_MICROSOFT_CLIENT.clientId,
  });

  const server = await startEmulatorServer({
    host: options.host,
    port: options.port,
    tls: { key: certificate.key, cert: certificate.cert },
    api,
    control,
    faults,
    log,
    hooks: {
      faultResponse: (rule, request) => graphFaultResponse(rule, request),
      notFound: (request) =>
        request.path.startsWith("/v1.0/")
          ? graphErrorResponse(400, "BadRequest", `Resource not found for the segment '${request.path.split("/").filter(Boolean).pop()}'.`, request)
          : graphErrorResponse(404, "NotFound", "Not found.", request),
      methodNotAllowed: (request) => graphErrorResponse(405, "BadRequest", `Unsupported request: ${request.method} is not allowed on ${request.path}.`, request),
      internalError: (_error, request) => graphErrorResponse(500, "generalException", "General exception while processing.", request),
      decorate: (response, request) => ({
        ...response,
        headers: {
          "request-id": request.requestId,
          "client-request-id": header(request, "client-request-id") ?? request.requestId,
          "x-ms-ags-diagnostic": JSON.stringify({ ServerInfo: { DataCenter: "Emulator", Slice: "E", Ring: "0", ScaleUnit: "000", RoleInstance: "EMU" } }),
          ...response.headers,
        },
      }),
    },
  });
  origin = server.origin;
  const dispatcher = await createTrustingDispatcher(certificate.cert);
  const client = { clientId: clients[0]?.clientId ?? "", clientSecret: clients[0]?.clientSecret ?? "" };
  const env: Record<string, string> = {
    MICROSOFT_GRAPH_URL: `${origin}/`,
    MICROSOFT_LOGIN_URL: origin,
    MICROSOFT_TENANT_ID: tenantId,
    MICROSOFT_CLIENT_ID: client.clientId,
    MICROSOFT_CLIENT_SECRET: client.clientSecret,
  };
  if (certificate.certPath) env.NODE_EXTRA_CA_CERTS = certificate.certPath;
  return {
    url: origin,
    graphBaseUrl: `${origin}/`,
    loginUrl: origin,
    tenantId,
    authorizeUrl: `${origin}/${tenantId}/oauth2/v2.0/authorize`,
    tokenUrl: `${origin}/${tenantId}/oauth2/v2.0/token`,
    client,
    certPem: certificate.cert,
    certPath: certificate.certPath,
    dispatcher,
    env,
    control: new MicrosoftControl(origin, dispatcher),
    stop: async () => {
      await server.close();
      await closeDispatcher(dispatcher);
    },
  };
}
