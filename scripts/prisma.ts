/**
 * Runs the Prisma CLI with DATABASE_URL set. With no DATABASE_URL it uses the
 * embedded database (PGlite under KAIROS_DATA_DIR, default .data/) for the
 * duration of the command — see scripts/lib/database-url.ts. Why a wrapper:
 * with prisma.config.ts the CLI does not read .env, and without the variable it
 * tries to download an engine.
 */
import { spawn } from "node:child_process";
import { ensureDatabaseUrl } from "./lib/database-url";

async function main() {
  const args = process.argv.slice(2);
  // generate never connects; it only needs the variable to exist.
  const database =
    !process.env.DATABASE_URL && args[0] === "generate"
      ? { url: "postgresql://postgres@127.0.0.1:5432/postgres", stop: async () => {} }
      : await ensureDatabaseUrl();
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [require.resolve("prisma/build/index.js"), ...args], {
      stdio: "inherit",
      env: { ...process.env, DATABASE_URL: database.url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    });
    child.on("exit", (c) => resolve(c ?? 1));
  });
  await database.stop();
  process.exit(code);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
