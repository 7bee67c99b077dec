import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthShell, safeCallbackUrl } from "@/components/auth/auth-shell";
import { SignInForm } from "@/components/auth/sign-in-form";
import { oauthProviders } from "@/lib/auth/auth-options";
import { getSessionUser } from "@/lib/auth/session-user";

export const metadata: Metadata = { title: "Sign in" };

/** next-auth's error codes (?error=…) in words a person can act on. */
const ERRORS: Record<string, string> = {
  OAuthAccountNotLinked:
    "That email already has a Kairos account. Sign in the way you did before (for example with your password).",
  OAuthSignin: "We couldn’t start sign-in with that provider. Please try again.",
  OAuthCallback: "The provider didn’t complete the sign-in. Please try again.",
  OAuthCreateAccount: "We couldn’t create an account from that provider’s details.",
  Callback: "Sign-in didn’t complete. Please try again.",
  AccessDenied: "Access was denied.",
  SessionRequired: "Please sign in to continue.",
  CredentialsSignin: "That email and password don’t match an account. Check them and try again.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await getSessionUser()) redirect(callbackUrl);
  const errorCode = typeof params.error === "string" ? params.error : undefined;
  const initialError = errorCode ? (ERRORS[errorCode] ?? "Sign-in didn’t work. Please try again.") : undefined;

  return (
    <AuthShell
      title="Sign in to Kairos"
      subtitle="Welcome back."
      footer={
        <>
          New to Kairos?{" "}
          <Link href="/signup" className="font-medium text-brand-700 underline-offset-2 hover:underline">
            Create an account
          </Link>
        </>
      }
    >
      <SignInForm providers={oauthProviders()} callbackUrl={callbackUrl} initialError={initialError} />
    </AuthShell>
  );
}
