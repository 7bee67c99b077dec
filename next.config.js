/** @type {import('next').NextConfig} */
module.exports = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The e2e suite builds into its own folder so a running dev server is undisturbed.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // …and type-checks with its own tsconfig, so its generated route types stay out of tsconfig.json.
  typescript: { tsconfigPath: process.env.NEXT_TSCONFIG_PATH || "tsconfig.json" },
  // The database driver stays a plain Node dependency rather than being bundled.
  serverExternalPackages: ["pg", "@prisma/adapter-pg"],
};
