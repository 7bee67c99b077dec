/**
 * Whether a Next.js build is newer than every file that goes into it, so
 * `npm start` and the e2e server rebuild only when something changed.
 */
import fs from "node:fs";
import path from "node:path";

const SOURCE_DIRS = ["app", "components", "lib", "public"];
const SOURCE_FILES = ["next.config.js", "package-lock.json", "postcss.config.mjs", "tsconfig.json"];

/** Newest modification time of the files that go into a build. */
export function newestSourceMtime(root: string): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  for (const dir of SOURCE_DIRS) if (fs.existsSync(path.join(root, dir))) walk(path.join(root, dir));
  for (const file of SOURCE_FILES) {
    if (fs.existsSync(path.join(root, file))) newest = Math.max(newest, fs.statSync(path.join(root, file)).mtimeMs);
  }
  return newest;
}

/** True when `<root>/<distDir>/BUILD_ID` exists and is newer than the sources. */
export function buildIsFresh(root: string, distDir = ".next"): boolean {
  const buildId = path.join(root, distDir, "BUILD_ID");
  return fs.existsSync(buildId) && fs.statSync(buildId).mtimeMs >= newestSourceMtime(root);
}
