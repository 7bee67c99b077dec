/**
 * next-auth configuration: email + password always; Google, Microsoft and a
 * generic OIDC provider when their client credentials are configured.
 * Sessions are JWTs (next-auth's Credentials provider requires that).
 */
import { PrismaAdapter } from "@auth/prisma-adapter";
import type { NextAuthOptions } from "next-auth";
import type { Adapter, AdapterAccount, AdapterUser } from "next-auth/adapters";
import AzureADProvider from "next-auth/providers/azure-ad";
import CredentialsProvider from "next-auth/providers/credentials";
import GoogleProvider from "next-auth/providers/google";
import type { Provider } from "next-auth/providers/index";
import { config, type Config } from "../config";
import { db } from "../db/client";
import { withTransaction } from "../db/transaction";
import { createDefaultSchedule } from "../schedules/create-default-schedule";
import { availableUsername } from "../users/create-user";
import { verifyPassword } from "./password";

/**
 * Providers a person can pick on the sign-in page, in order, with the names
 * their buttons show. next-auth's provider functions keep their own default
 * name in `name` (Azure AD's is "Azure Active Directory") and what we pass in
 * `options`, which next-auth merges over the defaults only when it handles a
 * request — so the name we chose is read from there first.
 */
export function oauthProviders(cfg: Config = config()): { id: string; name: string }[] {
  return buildProviders(cfg)
    .filter((p) => p.type === "oauth")
    .map((p) => ({ id: p.id, name: (p.options as { name?: string } | undefined)?.name ?? p.name }));
}

/** The providers next-auth is configured with (exported for tests). */
export function buildProviders(cfg: Config): Provider[] {
  const providers: Provider[] = [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials) {
        const email = credentials?.email?.trim().toLowerCase();
        if (!email || !credentials?.password) return null;
        const user = await db().user.findUnique({ where: { email } });
        if (!user?.passwordHash || !(await verifyPassword(credentials.password, user.passwordHash))) return null;
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
  ];
  if (cfg.google) providers.push(GoogleProvider({ ...cfg.google, name: "Google" }));
  if (cfg.microsoft) {
    providers.push(AzureADProvider({ ...cfg.microsoft, name: "Microsoft" }));
  }
  if (cfg.oidc) {
    providers.push({
      id: "oidc",
      name: cfg.oidc.name,
      type: "oauth",
      wellKnown: `${cfg.oidc.issuer}/.well-known/openid-configuration`,
      clientId: cfg.oidc.clientId,
      clientSecret: cfg.oidc.clientSecret,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile(profile: { sub: string; email?: string; name?: string; picture?: string }) {
        return { id: profile.sub, email: profile.email, name: profile.name ?? profile.email ?? "", image: profile.picture };
      },
    });
  }
  return providers;
}

/**
 * Prisma's adapter, adjusted to Kairos's model: new OAuth users get a username
 * and a default schedule, and sign-in accounts keep no provider tokens.
 */
function kairosAdapter(): Adapter {
  const base = PrismaAdapter(db()) as unknown as Adapter;
  return {
    ...base,
    async createUser(user: Omit<AdapterUser, "id">) {
      const email = user.email.toLowerCase();
      // Looked up before the transaction, not inside it on db(): the embedded
      // database (PGlite) serves one connection at a time, so a query on another
      // connection would wait for this transaction until it timed out.
      const username = await availableUsername(db(), email);
      const created = await withTransaction(db(), async (tx) => {
        const row = await tx.user.create({
          data: {
            email,
            name: user.name || email.split("@")[0],
            image: user.image,
            emailVerified: user.emailVerified,
            username,
            timeZone: "UTC",
          },
        });
        await createDefaultSchedule(tx as never, row.id, row.timeZone);
        return row;
      });
      return { id: created.id, email: created.email, name: created.name, image: created.image, emailVerified: created.emailVerified };
    },
    async linkAccount(account: AdapterAccount) {
      await db().account.create({
        data: {
          userId: account.userId,
          type: account.type,
          provider: account.provider,
          providerAccountId: account.providerAccountId,
        },
      });
    },
  };
}

export function authOptions(): NextAuthOptions {
  return {
    adapter: kairosAdapter(),
    providers: buildProviders(config()),
    secret: config().authSecret,
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: "/signin" },
    callbacks: {
      async session({ session, token }) {
        if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
        return session;
      },
    },
  };
}
