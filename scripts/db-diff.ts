/**
 * Prints the SQL that takes the database from the last committed schema
 * (git HEAD:prisma/schema.prisma) to the working copy's — the body of a new
 * migration. Why not `prisma migrate diff --from-migrations`: replaying the
 * migrations in a shadow database trips Prisma's differ on the bookings
 * EXCLUDE constraint ("unreachable"), while diffing two schema files does
 * not. (The CLI still opens a connection: scripts/prisma.ts gives it
 * DATABASE_URL or the embedded database.) Hand-written SQL (constraints,
 * partial indexes) then goes below what this prints.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const committed = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kairos-schema-")), "schema.prisma");
fs.writeFileSync(committed, execFileSync("git", ["show", "HEAD:prisma/schema.prisma"]));
const result = spawnSync(
  process.execPath,
  [require.resolve("tsx/cli"), path.join(__dirname, "prisma.ts"), "migrate", "diff", "--from-schema-datamodel", committed, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
  { stdio: "inherit" },
);
fs.rmSync(path.dirname(committed), { recursive: true, force: true });
process.exit(result.status ?? 1);
