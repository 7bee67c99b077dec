/**
 * The Prisma client, created on first use (so importing a module never needs a
 * database) and shared across hot reloads in development.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { $Enums, Prisma, PrismaClient } from "./generated/client";
import { parseDatabaseUrl } from "./database-url";

export type Db = PrismaClient;

const holder = globalThis as unknown as { kairosPrisma?: PrismaClient; kairosPrismaSchema?: string };

/**
 * The columns and enum values of the generated client. A client kept across
 * hot reloads was built from the generated code of its time; after `npm run
 * db:generate` (a new migration) it would not know the new columns — or fail
 * to read a new enum value — so db() replaces it.
 */
const SCHEMA_FINGERPRINT = JSON.stringify([Object.entries(Prisma).filter(([name]) => name.endsWith("ScalarFieldEnum")), $Enums]);

/** `poolSize`: connections to open at most (default 10); tests of concurrency want more. */
export function createPrismaClient(databaseUrl: string, options: { poolSize?: number } = {}): PrismaClient {
  const adapter = new PrismaPg({ ...parseDatabaseUrl(databaseUrl), max: options.poolSize ?? 10 });
  return new PrismaClient({ adapter });
}

export function db(): PrismaClient {
  if (holder.kairosPrisma && holder.kairosPrismaSchema !== SCHEMA_FINGERPRINT) {
    void holder.kairosPrisma.$disconnect();
    holder.kairosPrisma = undefined;
  }
  if (!holder.kairosPrisma) {
    const url = process.env.DATABASE_URL;
    if (!url) {
      throw new Error(
        "DATABASE_URL is not set. Start Kairos with `npm start` (it runs the embedded database) or point DATABASE_URL at PostgreSQL.",
      );
    }
    holder.kairosPrisma = createPrismaClient(url);
    holder.kairosPrismaSchema = SCHEMA_FINGERPRINT;
  }
  return holder.kairosPrisma;
}

/** For tests that point the app at a database of their own. */
export function setDb(client: PrismaClient | undefined): void {
  holder.kairosPrisma = client;
  holder.kairosPrismaSchema = client ? SCHEMA_FINGERPRINT : undefined;
}

/** Either the client or an interactive transaction: what query functions take. */
export type DbClient = PrismaClient | Prisma.TransactionClient;
