// Prisma 6.19 with the JavaScript engine and the pg driver adapter: the CLI needs
// no downloaded engine binary, and the same adapter reaches real PostgreSQL and
// the embedded PGlite server alike. Always run the CLI through scripts/prisma.ts,
// which provides DATABASE_URL (starting the embedded database when none is set).
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import { parseDatabaseUrl } from "./lib/db/database-url";

export default defineConfig({
  engine: "js",
  experimental: { adapter: true },
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: run the Prisma CLI through `npm run db:*`");
    return new PrismaPg({ ...parseDatabaseUrl(url), idleTimeoutMillis: 200 });
  },
});
