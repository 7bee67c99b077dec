import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { userIdForApiKey } from "@/lib/auth/api-keys";
import { verifyPassword } from "@/lib/auth/password";
import { createTestDatabase, type TestDatabase } from "@/test/test-database";
import { UsageError, parseAdminArgs, runAdmin, type AdminDeps } from "./cli";
import { createApiKeyCommand, createUserCommand, listUsersCommand } from "./commands";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

/** Runs the CLI in-process against the test database, capturing its output. */
async function admin(argv: string[], stdin = "") {
  const out: string[] = [];
  const err: string[] = [];
  let connected = 0;
  const deps: AdminDeps = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    readStdin: async () => stdin,
    connect: async () => {
      connected++;
      return { db: t.db, close: async () => {} };
    },
  };
  const code = await runAdmin(argv, deps);
  return { code, stdout: out.join(""), stderr: err.join(""), connected };
}

describe("parseAdminArgs", () => {
  it("reads a command and its flags", () => {
    expect(parseAdminArgs(["users", "create", "--email", "a@b.c", "--name=Ann", "--username", "ann", "--password", "-", "--time-zone", "Europe/Rome"])).toEqual({
      kind: "run",
      command: "users create",
      values: { email: "a@b.c", name: "Ann", username: "ann", password: "-", "time-zone": "Europe/Rome" },
    });
    expect(parseAdminArgs(["users", "list"])).toEqual({ kind: "run", command: "users list", values: {} });
  });

  it("answers help for no arguments, --help, and a command's --help", () => {
    expect(parseAdminArgs([])).toMatchObject({ kind: "help", text: expect.stringContaining("users create") });
    expect(parseAdminArgs(["--help"])).toMatchObject({ kind: "help", text: expect.stringContaining("api-keys create") });
    expect(parseAdminArgs(["api-keys", "create", "--help"])).toMatchObject({ kind: "help", text: expect.stringContaining("--email   the user") });
  });

  it.each([
    [["users", "create", "--email", "a@b.c"], /Missing --name, --username, --password\./],
    [["users", "create", "--email", "", "--name", "A", "--username", "a", "--password", "p"], /Missing --email\./],
    [["users", "delete"], /Unknown command "users delete". Did you mean: users create, users list\?/],
    [["bookings", "list"], /Unknown command "bookings list"\./],
    [["users", "list", "--email", "x"], /Unknown option '--email'/],
    [["api-keys", "create", "--email"], /argument missing/],
    [["users", "list", "extra"], /Unexpected argument 'extra'/],
  ])("%j is a usage error", (argv, message) => {
    expect(() => parseAdminArgs(argv)).toThrow(UsageError);
    expect(() => parseAdminArgs(argv)).toThrow(message);
  });
});

describe("admin commands", () => {
  it("createUserCommand creates a host who can sign in, with a default schedule", async () => {
    const user = await createUserCommand(t.db, { email: "Ops@Example.com", name: "Ops", username: "ops", password: "operator-pass", timeZone: "Europe/Oslo" });
    expect(user).toMatchObject({ email: "ops@example.com", username: "ops", timeZone: "Europe/Oslo" });
    const row = await t.db.user.findUniqueOrThrow({ where: { id: user.id }, include: { schedules: true } });
    expect(await verifyPassword("operator-pass", row.passwordHash!)).toBe(true);
    expect(row.schedules).toMatchObject([{ isDefault: true, timeZone: "Europe/Oslo" }]);
  });

  it("createApiKeyCommand makes a working key for the user with that email", async () => {
    const user = await createUserCommand(t.db, { email: "keys@example.com", name: "K", username: "keys-owner", password: "operator-pass" });
    const { apiKey } = await createApiKeyCommand(t.db, { email: "KEYS@example.com", name: " deploy " });
    expect(apiKey.name).toBe("deploy");
    expect(await userIdForApiKey(t.db, apiKey.key)).toBe(user.id);
    await expect(createApiKeyCommand(t.db, { email: "nobody@example.com", name: "x" })).rejects.toMatchObject({ code: "not_found" });
  });

  it("listUsersCommand lists users oldest first", async () => {
    const users = await listUsersCommand(t.db);
    expect(users.map((u) => u.username)).toEqual(["ops", "keys-owner"]);
  });
});

describe("runAdmin", () => {
  it("users create prints the user; users list shows them", async () => {
    const res = await admin(["users", "create", "--email", "cli@example.com", "--name", "Cli User", "--username", "cli-user", "--password", "cli-password", "--time-zone", "Asia/Kolkata"]);
    expect(res).toMatchObject({ code: 0, stderr: "" });
    expect(res.stdout).toMatch(/^Created user cli-user:\n/);
    expect(res.stdout).toMatch(/username\s+cli-user/);
    expect(res.stdout).toMatch(/time zone\s+Asia\/Kolkata/);
    expect(res.stdout).not.toContain("cli-password");

    const list = await admin(["users", "list"]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^USERNAME\s+EMAIL\s+NAME\s+TIME ZONE\s+CREATED\s+ID\n/);
    expect(list.stdout).toMatch(/cli-user\s+cli@example\.com\s+Cli User\s+Asia\/Kolkata/);
    expect(list.stdout).toMatch(/\n\d+ users\n$/);
  });

  it("reads the password from stdin with --password -", async () => {
    const res = await admin(["users", "create", "--email", "stdin@example.com", "--name", "S", "--username", "stdin-user", "--password", "-"], "from-stdin-pw\n");
    expect(res.code).toBe(0);
    const row = await t.db.user.findUniqueOrThrow({ where: { email: "stdin@example.com" } });
    expect(await verifyPassword("from-stdin-pw", row.passwordHash!)).toBe(true);
  });

  it("api-keys create prints the key alone on stdout", async () => {
    const res = await admin(["api-keys", "create", "--email", "cli@example.com", "--name", "ci"]);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^kai_[A-Za-z0-9_-]{43}\n$/);
    expect(res.stderr).toContain('Created API key "ci"');
    const userId = await userIdForApiKey(t.db, res.stdout.trim());
    expect(userId).toBe((await t.db.user.findUniqueOrThrow({ where: { email: "cli@example.com" } })).id);
  });

  it("prints validation errors by flag and exits 1, creating nothing", async () => {
    const before = await t.db.user.count();
    const res = await admin(["users", "create", "--email", "bad", "--name", "B", "--username", "Bad Name", "--password", "short", "--time-zone", "Mars/Base"]);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe("");
    expect(res.stderr).toMatch(/^Error: Some of the input is not valid\.\n/);
    expect(res.stderr).toContain("  - --email: Enter a valid email address.");
    expect(res.stderr).toContain("  - --time-zone: Not a known IANA time zone");
    expect(res.stderr).toContain("  - --password: Password must be at least 8 characters.");
    expect(res.stderr).toContain("  - --username:");
    expect(await t.db.user.count()).toBe(before);
  });

  it("prints conflicts and not-found errors and exits 1", async () => {
    const dup = await admin(["users", "create", "--email", "cli@example.com", "--name", "X", "--username", "someone-else", "--password", "cli-password"]);
    expect(dup).toMatchObject({ code: 1, stderr: "Error: An account with this email already exists.\n  - --email: Already registered.\n" });
    const missing = await admin(["api-keys", "create", "--email", "ghost@example.com", "--name", "x"]);
    expect(missing).toMatchObject({ code: 1, stderr: "Error: A user with the email ghost@example.com was not found.\n" });
  });

  it("exits 2 on a usage error without touching the database", async () => {
    const res = await admin(["users", "create", "--name", "N"]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^Error: Missing --email, --username, --password\.\n\nUsage: npm run admin -- users create/);
    expect(res.connected).toBe(0);
  });

  it("prints help with exit 0", async () => {
    const res = await admin(["--help"]);
    expect(res).toMatchObject({ code: 0, connected: 0 });
    expect(res.stdout).toMatch(/^Usage: npm run admin -- <command> \[flags\]/);
  });
});
