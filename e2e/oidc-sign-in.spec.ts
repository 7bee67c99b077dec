import { expect, test } from "@playwright/test";
import { OIDC_NAME, OIDC_USER } from "./support/e2e-env";
import { snap } from "./support/helpers";

test("“Continue with Acme SSO” signs in through the OIDC issuer and creates the host", async ({ page }) => {
  // Nobody is signed in yet: the API says so.
  expect((await page.request.get("/api/v1/me")).status()).toBe(401);

  await page.goto("/signin");
  await snap(page, "oidc-01-signin");
  await page.getByRole("button", { name: `Continue with ${OIDC_NAME}` }).click();

  // oauth2-mock-server's /authorize answers at once with a code; next-auth
  // exchanges it, verifies the id token and lands on the dashboard.
  await page.waitForURL("**/dashboard");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("banner")).toContainText(OIDC_USER.name);
  await page.waitForLoadState("networkidle");
  await snap(page, "oidc-02-dashboard");

  // The session belongs to a new host made from the id token's claims.
  const me = await page.request.get("/api/v1/me");
  expect(me.status()).toBe(200);
  const body = await me.json();
  expect(body).toMatchObject({ email: OIDC_USER.email, name: OIDC_USER.name });
  expect(body.username).toMatch(/^sam-sso/);

  // Signing in again reuses that account rather than making a second one.
  await page.context().clearCookies();
  await page.goto("/signin");
  await page.getByRole("button", { name: `Continue with ${OIDC_NAME}` }).click();
  await page.waitForURL("**/dashboard");
  const again = await (await page.request.get("/api/v1/me")).json();
  expect(again.id).toBe(body.id);
});
