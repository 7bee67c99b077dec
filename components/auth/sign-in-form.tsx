"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";

export interface OAuthProviderInfo {
  id: string;
  name: string;
}

export function SignInForm({
  providers,
  callbackUrl,
  initialError,
}: {
  providers: OAuthProviderInfo[];
  callbackUrl: string;
  initialError?: string;
}) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | undefined>(initialError);
  const [pending, setPending] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setPending("credentials");
    try {
      const result = await signIn("credentials", { redirect: false, email, password, callbackUrl });
      if (!result || result.error || !result.ok) {
        setError(
          result?.error === "CredentialsSignin" || result?.status === 401
            ? "That email and password don’t match an account. Check them and try again."
            : "We couldn’t sign you in just now. Please try again.",
        );
        setPending(null);
        return;
      }
      router.replace(callbackUrl);
      router.refresh();
    } catch {
      setError("We couldn’t reach the server. Check your connection and try again.");
      setPending(null);
    }
  }

  return (
    <div className="space-y-6">
      {error && <Alert tone="error">{error}</Alert>}

      {providers.length > 0 && (
        <>
          <div className="space-y-3">
            {providers.map((p) => (
              <Button
                key={p.id}
                variant="secondary"
                className="w-full"
                loading={pending === p.id}
                disabled={pending !== null}
                onClick={() => {
                  setPending(p.id);
                  void signIn(p.id, { callbackUrl: "/dashboard" });
                }}
              >
                Continue with {p.name}
              </Button>
            ))}
          </div>
          <div className="flex items-center gap-3 text-xs text-slate-500" aria-hidden="true">
            <span className="h-px flex-1 bg-slate-200" />
            or with email
            <span className="h-px flex-1 bg-slate-200" />
          </div>
        </>
      )}

      <form onSubmit={submit} className="space-y-4" noValidate>
        <Field id="signin-email" label="Email">
          <Input
            id="signin-email"
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </Field>
        <Field id="signin-password" label="Password">
          <Input
            id="signin-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </Field>
        <Button type="submit" className="w-full" loading={pending === "credentials"} disabled={pending !== null}>
          Sign in
        </Button>
      </form>
    </div>
  );
}
