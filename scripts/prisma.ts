/**
 * Runs the Prisma CLI with DATABASE_URL set. With no DATABASE_URL it starts the
 * embedded database (PGlite under KAIROS_DATA_DIR, default .data/) for the
 * duration of the command. Why a wrapper: with prisma.config.ts the CLI does not
 * read .env, and without the variable it tries to download an engine.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { startEmbeddedPostgres } from "../lib/db/embedded-postgres";

async function main() {
  const args = process.argv.slice(2);
  let stop = async () => {};
  let url = process.env.DATABASE_URL;
  if (!url && args[0] === "generate") {
    // generate never connects; it only needs the variable to exist.
    url = "postgresql://postgres@127.0.0.1:5432/postgres";
  } else if (!url) {
    const dataDir = path.join(process.env.KAIROS_DATA_DIR ?? ".data", "pglite");
    const embedded = await startEmbeddedPostgres({ dataDir });
    url = embedded.url;
    stop = embedded.stop;
  }
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [require.resolve("prisma/build/index.js"), ...args], {
      stdio: "inherit",
      env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    });
    child.on("exit", (c) => resolve(c ?? 1));
  });
  await stop();
  process.exit(code);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
