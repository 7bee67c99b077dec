/**
 * Fixed addresses of the e2e run, shared by playwright.config.ts, the server
 * script and the specs. Ports 3100–3104 keep clear of the dev server on :3000.
 */
import os from "node:os";
import path from "node:path";

export const E2E_PORT = 3100;
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`;
/** The OIDC issuer (oauth2-mock-server) the app signs in against. */
export const OIDC_PORT = 3101;
export const OIDC_ISSUER = `http://127.0.0.1:${OIDC_PORT}`;
export const OIDC_NAME = "Acme SSO";
/** The person the mock issuer vouches for. */
export const OIDC_USER = { sub: "acme-0001", email: "sam.sso@acme.test", name: "Sam Single-Sign-On" };
/** A separate build folder so the dev server's .next is left alone. */
export const E2E_DIST_DIR = ".next-e2e";
/** Where specs save full-page screenshots (gitignored). */
export const ARTIFACTS_DIR = "e2e/.artifacts";

/**
 * Calendar providers the app is pointed at (started by the server script):
 * the Google emulator (http), the Microsoft emulator (https, self-signed) and
 * a Radicale CalDAV server. Specs drive them through their control APIs.
 */
export const GOOGLE_EMULATOR_PORT = 3102;
export const GOOGLE_EMULATOR_URL = `http://127.0.0.1:${GOOGLE_EMULATOR_PORT}`;
export const MICROSOFT_EMULATOR_PORT = 3103;
export const MICROSOFT_EMULATOR_URL = `https://127.0.0.1:${MICROSOFT_EMULATOR_PORT}`;
/** Fixed, so a rerun against a kept build needs nothing new. */
export const MICROSOFT_TENANT_ID = "e2e0c0de-7e57-4a1e-9c0d-000000003103";
/** Where the Microsoft emulator keeps its certificate (the app trusts it through NODE_EXTRA_CA_CERTS, specs read it). */
export const MICROSOFT_CERT_DIR = path.join(os.tmpdir(), "kairos-e2e-emulators");
export const RADICALE_PORT = 3104;
export const RADICALE_URL = `http://127.0.0.1:${RADICALE_PORT}/`;
export const RADICALE_USER = { username: "casey", password: "e2e caldav app password" };
