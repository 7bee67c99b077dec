/**
 * End-to-end journeys against a production build (see e2e/support/start-e2e-server.ts).
 * Browsers: Debian's /usr/bin/chromium (`apt-get install chromium`); Playwright's
 * own browser download is not used.
 */
import { defineConfig, devices } from "@playwright/test";
import { E2E_BASE_URL } from "./e2e/support/e2e-env";

const ci = Boolean(process.env.CI);

export default defineConfig({
  testDir: "e2e",
  // Only the journeys: e2e/ also holds support code and provider emulators.
  testMatch: "**/*.spec.ts",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: ci ? 1 : 0,
  forbidOnly: ci,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    ...devices["Desktop Chrome"],
    baseURL: E2E_BASE_URL,
    locale: "en-US",
    timezoneId: "UTC",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--headless",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: "node_modules/.bin/tsx e2e/support/start-e2e-server.ts",
    url: `${E2E_BASE_URL}/api/auth/providers`,
    // A fresh database per run: never attach to a server someone else started.
    reuseExistingServer: false,
    // The first run builds the app (a few minutes on two cores).
    timeout: 15 * 60_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
  },
});
