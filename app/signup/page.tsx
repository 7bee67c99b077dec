import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthShell } from "@/components/auth/auth-shell";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { getSessionUser } from "@/lib/auth/session-user";
import { config } from "@/lib/config";

export const metadata: Metadata = { title: "Create your account" };

export default async function SignUpPage() {
  if (await getSessionUser()) redirect("/dashboard");
  return (
    <AuthShell
      title="Create your Kairos account"
      subtitle="Set up your booking link in a minute."
      footer={
        <>
          Already have an account?{" "}
          <Link href="/signin" className="font-medium text-brand-700 underline-offset-2 hover:underline">
            Sign in
          </Link>
        </>
      }
    >
      <SignUpForm publicUrl={config().publicUrl} minPasswordLength={MIN_PASSWORD_LENGTH} />
    </AuthShell>
  );
}
