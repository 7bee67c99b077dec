/**
 * Fixed addresses of the e2e run, shared by playwright.config.ts, the server
 * script and the specs. Ports 3100/3101 keep clear of the dev server on :3000.
 */
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
