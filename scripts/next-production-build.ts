/**
 * A production build of the app in its own dist dir, made only when missing or
 * older than the sources — the one way the e2e server (.next-e2e) and the HTTP
 * benchmark (.next-bench) get theirs, so neither disturbs a `next dev` on .next.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { buildIsFresh } from "./build-freshness";

const root = path.resolve(__dirname, "..");
/** The Next.js CLI of this checkout. */
export const NEXT_BIN = path.join(root, "node_modules", ".bin", "next");

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    // stdin closed; the build's output goes to the caller's console.
    const child = spawn(command, args, { cwd: root, stdio: ["ignore", "inherit", "inherit"], env });
    child.on("error", reject);
    child.on("exit", (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(command)} ${args.join(" ")} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

/**
 * `next build` with `env` (which names NEXT_DIST_DIR and NEXT_TSCONFIG_PATH).
 * The build rewrites next-env.d.ts to import its own dist dir's route types;
 * what was there (the dev server's) is put back, so `tsc --noEmit` on the tree
 * does not mix the route types of two builds.
 */
async function buildKeepingTypeDeclarations(env: NodeJS.ProcessEnv): Promise<void> {
  const file = path.join(root, "next-env.d.ts");
  const before = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
  try {
    await run(NEXT_BIN, ["build"], env);
  } finally {
    if (before === undefined) fs.rmSync(file, { force: true });
    else fs.writeFileSync(file, before);
  }
}

/** Builds into `distDir` unless that build is newer than every source (or `always`, as CI wants), saying which and how long. */
export async function ensureProductionBuild(options: {
  distDir: string;
  env: NodeJS.ProcessEnv;
  log: (message: string) => void;
  always?: boolean;
}): Promise<void> {
  const { distDir, log } = options;
  if (!options.always && buildIsFresh(root, distDir)) {
    log(`${distDir} is up to date; skipping next build`);
    return;
  }
  log(`building the app into ${distDir} (missing or older than the sources) …`);
  const started = Date.now();
  await buildKeepingTypeDeclarations(options.env);
  log(`build done in ${Math.round((Date.now() - started) / 1000)} s`);
}
