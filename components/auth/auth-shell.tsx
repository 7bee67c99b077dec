import type { ReactNode } from "react";
import { Logo } from "@/components/ui/logo";

/** The frame of the sign-in and sign-up pages: mark, heading, a white card. */
export function AuthShell({ title, subtitle, children, footer }: { title: string; subtitle?: ReactNode; children: ReactNode; footer?: ReactNode }) {
  return (
    <main className="flex min-h-screen flex-col items-center px-4 py-10 sm:py-16">
      <Logo />
      <div className="mt-8 w-full max-w-md">
        <h1 className="text-center text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
        {subtitle && <p className="mt-2 text-center text-sm text-slate-600">{subtitle}</p>}
        <div className="mt-8 rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">{children}</div>
        {footer && <div className="mt-6 text-center text-sm text-slate-600">{footer}</div>}
      </div>
    </main>
  );
}

/** Only same-site paths may be a post-sign-in destination (no open redirects). */
export function safeCallbackUrl(value: string | string[] | undefined, fallback = "/dashboard"): string {
  const url = Array.isArray(value) ? value[0] : value;
  if (!url || !url.startsWith("/") || url.startsWith("//") || url.startsWith("/\\")) return fallback;
  return url;
}
