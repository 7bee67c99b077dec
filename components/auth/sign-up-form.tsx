"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import { ApiError, apiFetch } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input, describedBy } from "@/components/ui/field";
import { TimeZoneSelect, browserTimeZone } from "@/components/ui/time-zone-select";

type FieldName = "name" | "email" | "username" | "password" | "timeZone";

/** "Ada Lovelace" → "ada-lovelace": a starting suggestion the person can change. */
function usernameFrom(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
}

export function SignUpForm({ publicUrl, minPasswordLength }: { publicUrl: string; minPasswordLength: number }) {
  const router = useRouter();
  const [values, setValues] = useState({ name: "", email: "", username: "", password: "", timeZone: "UTC" });
  const [usernameEdited, setUsernameEdited] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [formError, setFormError] = useState<string>();
  const [pending, setPending] = useState(false);

  // The browser's zone is only known on the client; set it after hydration.
  useEffect(() => {
    setValues((v) => ({ ...v, timeZone: browserTimeZone() }));
  }, []);

  function set<K extends FieldName>(key: K, value: string) {
    setValues((v) => ({
      ...v,
      [key]: value,
      ...(key === "name" && !usernameEdited ? { username: usernameFrom(value) } : {}),
    }));
    if (errors[key]) setErrors((e) => ({ ...e, [key]: undefined }));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setErrors({});
    setFormError(undefined);
    setPending(true);
    try {
      await apiFetch("/api/v1/signup", { method: "POST", body: values });
    } catch (error) {
      setPending(false);
      if (error instanceof ApiError) {
        const fields = error.fieldErrors();
        setErrors(fields);
        const unplaced = Object.keys(fields).some((k) => !["name", "email", "username", "password", "timeZone"].includes(k));
        setFormError(
          Object.keys(fields).length === 0 || unplaced || error.code !== "validation_error"
            ? error.message
            : "Please correct the highlighted fields.",
        );
      } else {
        setFormError("Something went wrong. Please try again.");
      }
      return;
    }
    const result = await signIn("credentials", { redirect: false, email: values.email, password: values.password });
    if (!result?.ok || result.error) {
      // The account exists; only the automatic sign-in failed.
      router.push("/signin");
      return;
    }
    router.replace("/dashboard");
    router.refresh();
  }

  const linkPreview = `${publicUrl.replace(/^https?:\/\//, "")}/${values.username || "your-name"}`;

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      {formError && <Alert tone="error">{formError}</Alert>}
      <Field id="signup-name" label="Your name" error={errors.name}>
        <Input
          id="signup-name"
          autoComplete="name"
          required
          value={values.name}
          onChange={(e) => set("name", e.target.value)}
          invalid={!!errors.name}
          {...describedBy("signup-name", { error: errors.name })}
        />
      </Field>
      <Field id="signup-email" label="Email" error={errors.email}>
        <Input
          id="signup-email"
          type="email"
          autoComplete="email"
          required
          value={values.email}
          onChange={(e) => set("email", e.target.value)}
          invalid={!!errors.email}
          {...describedBy("signup-email", { error: errors.email })}
        />
      </Field>
      <Field
        id="signup-username"
        label="Username"
        error={errors.username}
        hint={
          <>
            Your booking link: <span className="font-medium text-slate-800">{linkPreview}</span>
          </>
        }
      >
        <Input
          id="signup-username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          value={values.username}
          onChange={(e) => {
            setUsernameEdited(true);
            set("username", e.target.value.toLowerCase());
          }}
          invalid={!!errors.username}
          {...describedBy("signup-username", { error: errors.username, hint: true })}
        />
      </Field>
      <Field id="signup-password" label="Password" error={errors.password} hint={`At least ${minPasswordLength} characters.`}>
        <Input
          id="signup-password"
          type="password"
          autoComplete="new-password"
          required
          minLength={minPasswordLength}
          value={values.password}
          onChange={(e) => set("password", e.target.value)}
          invalid={!!errors.password}
          {...describedBy("signup-password", { error: errors.password, hint: true })}
        />
      </Field>
      <Field id="signup-timezone" label="Time zone" error={errors.timeZone} hint="Your availability is set in this zone. You can change it later.">
        <TimeZoneSelect
          id="signup-timezone"
          value={values.timeZone}
          onChange={(zone) => set("timeZone", zone)}
          invalid={!!errors.timeZone}
          {...describedBy("signup-timezone", { error: errors.timeZone, hint: true })}
        />
      </Field>
      <Button type="submit" className="w-full" loading={pending}>
        Create account
      </Button>
    </form>
  );
}
