/**
 * The HTTP API from outside: a key made in Settings works as a Bearer token;
 * private routes refuse anonymous calls with the error body; bad input is a
 * 400 validation_error.
 */
import { expect, test } from "@playwright/test";
import { newHost, open, signUp, snap } from "./support/helpers";

test("an API key created in Settings authenticates GET /api/v1/me", async ({ page, request }) => {
  const host = newHost("api");
  await signUp(page, host, "Europe/Berlin");
  await open(page, "/dashboard/settings");
  await page.getByLabel("New key name").fill("CI script");
  await page.getByRole("button", { name: "Create key" }).click();
  const keyField = page.getByRole("textbox", { name: "New API key" });
  await expect(keyField).toHaveValue(/^kai_/);
  const key = await keyField.inputValue();
  await expect(page.getByRole("table", { name: "Your API keys" }).getByRole("row", { name: /CI script/ })).toBeVisible();
  await snap(page, "api-01-key-created");

  // `request` is a separate client with no cookies: only the key identifies it.
  const me = await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${key}` } });
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ email: host.email, username: host.username, timeZone: "Europe/Berlin" });

  const eventTypes = await request.get("/api/v1/event-types", { headers: { Authorization: `Bearer ${key}` } });
  expect(eventTypes.status()).toBe(200);

  // A wrong key is no key.
  const wrong = await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${key.slice(0, -2)}xx` } });
  expect(wrong.status()).toBe(401);
});

test("private routes answer 401 with the error body when nobody is signed in", async ({ request }) => {
  for (const path of ["/api/v1/me", "/api/v1/schedules", "/api/v1/event-types", "/api/v1/bookings", "/api/v1/api-keys"]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(401);
    const body = await response.json();
    expect(body, path).toEqual({ error: expect.objectContaining({ code: "unauthorized", message: expect.any(String) }) });
  }
  const post = await request.post("/api/v1/event-types", { data: { slug: "x", title: "X", durationMinutes: 30, location: { type: "phone", value: "123" } } });
  expect(post.status()).toBe(401);
});

test("the slots endpoint rejects an unknown time zone with 400 validation_error", async ({ request }) => {
  const response = await request.get("/api/v1/slots", {
    params: { username: "nobody", eventSlug: "intro", start: "2026-12-07", end: "2026-12-08", timeZone: "Mars/Olympus_Mons" },
  });
  expect(response.status()).toBe(400);
  const body = await response.json();
  expect(body.error.code).toBe("validation_error");
  expect(body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: "timeZone" })]));
});
