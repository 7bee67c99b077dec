import type { Metadata } from "next";
import { ButtonLink } from "@/components/ui/button";
import { LogoMark } from "@/components/ui/logo";

export const metadata: Metadata = { title: "Page not found" };

/** The one 404 page: unknown hosts, event types, bookings and bad guest links all end here. */
export default function NotFound() {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-md rounded-2xl border border-slate-200 bg-white px-6 py-10 text-center shadow-sm sm:px-10">
        <LogoMark className="mx-auto size-10" />
        <p className="mt-6 text-sm font-semibold tracking-wide text-brand-600">404</p>
        <h1 className="mt-1 text-2xl font-bold tracking-tight text-slate-900">Page not found</h1>
        <p className="mt-3 text-sm leading-relaxed text-slate-600">
          This link may be mistyped, or what it pointed to no longer exists. If someone sent you a booking link, check it
          with them.
        </p>
        <ButtonLink href="/" className="mt-8">
          Go to the home page
        </ButtonLink>
      </div>
    </main>
  );
}
