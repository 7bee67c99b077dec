/**
 * What the admin CLI does, as plain functions of a database: testable without
 * spawning a process or parsing flags.
 */
import { newApiKeySchema } from "../../lib/auth/api-key-schema";
import { createApiKey, type CreatedApiKey } from "../../lib/auth/api-keys";
import type { Db } from "../../lib/db/client";
import { notFound } from "../../lib/errors";
import { createUser } from "../../lib/users/create-user";
import { emailSchema, type NewUser } from "../../lib/users/user-schema";

export interface AdminUser {
  id: string;
  email: string;
  name: string;
  username: string;
  timeZone: string;
  createdAt: Date;
}

const USER_FIELDS = { id: true, email: true, name: true, username: true, timeZone: true, createdAt: true } as const;

/** `users create`: a host with a password and the default schedule, as sign-up makes them. */
export async function createUserCommand(db: Db, input: NewUser): Promise<AdminUser> {
  const user = await createUser(db, input);
  return { id: user.id, email: user.email, name: user.name, username: user.username, timeZone: user.timeZone, createdAt: user.createdAt };
}

/** `users list`: every account, oldest first. */
export async function listUsersCommand(db: Db): Promise<AdminUser[]> {
  return db.user.findMany({ select: USER_FIELDS, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

/** `api-keys create`: a key for the user with this email; the result holds the only copy of the key. */
export async function createApiKeyCommand(
  db: Db,
  input: { email: string; name: string },
): Promise<{ user: AdminUser; apiKey: CreatedApiKey }> {
  const email = emailSchema.parse(input.email);
  const user = await db.user.findUnique({ where: { email }, select: USER_FIELDS });
  if (!user) throw notFound(`A user with the email ${email}`);
  const { name } = newApiKeySchema.parse({ name: input.name });
  return { user, apiKey: await createApiKey(db, user.id, name) };
}

/** Aligned "label  value" lines. */
export function formatUser(user: AdminUser): string {
  const rows: [string, string][] = [
    ["id", user.id],
    ["email", user.email],
    ["name", user.name],
    ["username", user.username],
    ["time zone", user.timeZone],
    ["created", user.createdAt.toISOString()],
  ];
  return rows.map(([label, value]) => `  ${label.padEnd(10)} ${value}`).join("\n");
}

/** A plain-text table, one user a line. */
export function formatUserTable(users: AdminUser[]): string {
  if (users.length === 0) return "No users yet. Create one with: npm run admin -- users create --help";
  const header = ["USERNAME", "EMAIL", "NAME", "TIME ZONE", "CREATED", "ID"];
  const rows = users.map((u) => [u.username, u.email, u.name, u.timeZone, u.createdAt.toISOString().slice(0, 10), u.id]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join("  ");
  return [line(header), ...rows.map(line), `${users.length} user${users.length === 1 ? "" : "s"}`].join("\n");
}
