import type { Metadata } from "next";
import { ButtonLink } from "@/components/ui/button";
import { Logo } from "@/components/ui/logo";
import { getSessionUser } from "@/lib/auth/session-user";

export const metadata: Metadata = {
  title: { absolute: "Kairos — scheduling links that only offer truly free times" },
};

const features = [
  {
    title: "Your hours, your rules",
    text: "Weekly hours with several blocks a day, one-off date overrides, buffers around meetings, minimum notice and a booking window.",
  },
  {
    title: "Time zones done right",
    text: "Hours are kept as wall-clock times in your zone, so 09:00 stays 09:00 across daylight-saving changes. Guests see times in their own zone.",
  },
  {
    title: "No double bookings",
    text: "The database itself refuses overlapping meetings, so two guests racing for the same slot can never both get it.",
  },
  {
    title: "Yours to run",
    text: "Open source and self-hostable. Sign in with email, Google, Microsoft or your own OIDC provider, and automate with the REST API.",
  },
];

export default async function HomePage() {
  const user = await getSessionUser();
  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex h-16 max-w-6xl items-center justify-between px-4 sm:px-6">
          <Logo />
          <nav aria-label="Account" className="flex items-center gap-2">
            {user ? (
              <ButtonLink href="/dashboard">Go to dashboard</ButtonLink>
            ) : (
              <>
                <ButtonLink href="/signin" variant="ghost">
                  Sign in
                </ButtonLink>
                <ButtonLink href="/signup">Sign up</ButtonLink>
              </>
            )}
          </nav>
        </div>
      </header>

      <main className="flex-1">
        <section className="mx-auto grid max-w-6xl items-center gap-12 px-4 py-16 sm:px-6 lg:grid-cols-2 lg:py-24">
          <div>
            <p className="text-sm font-semibold text-brand-700">Open-source scheduling</p>
            <h1 className="mt-3 text-4xl font-semibold tracking-tight text-slate-900 sm:text-5xl">
              Share a link. Get meetings at times that are truly free.
            </h1>
            <p className="mt-5 max-w-xl text-lg text-slate-600">
              Kairos turns your working hours into a booking page. Guests pick a time in their own time zone, and you
              never have to juggle back-and-forth emails or double bookings again.
            </p>
            <div className="mt-8 flex flex-wrap gap-3">
              {user ? (
                <ButtonLink href="/dashboard" size="lg">
                  Open your dashboard
                </ButtonLink>
              ) : (
                <>
                  <ButtonLink href="/signup" size="lg">
                    Create your free account
                  </ButtonLink>
                  <ButtonLink href="/signin" size="lg" variant="secondary">
                    Sign in
                  </ButtonLink>
                </>
              )}
            </div>
          </div>
          <BookingPreview />
        </section>

        <section aria-labelledby="features-heading" className="border-t border-slate-200 bg-white">
          <div className="mx-auto max-w-6xl px-4 py-16 sm:px-6">
            <h2 id="features-heading" className="text-2xl font-semibold tracking-tight text-slate-900">
              Everything a calendar link should do — and nothing it shouldn’t
            </h2>
            <ul className="mt-8 grid gap-6 sm:grid-cols-2 lg:grid-cols-4">
              {features.map((f) => (
                <li key={f.title} className="rounded-xl border border-slate-200 bg-slate-50 p-5">
                  <h3 className="font-semibold text-slate-900">{f.title}</h3>
                  <p className="mt-2 text-sm leading-6 text-slate-600">{f.text}</p>
                </li>
              ))}
            </ul>
          </div>
        </section>
      </main>

      <footer className="border-t border-slate-200 bg-slate-50">
        <div className="mx-auto max-w-6xl px-4 py-6 text-sm text-slate-600 sm:px-6">
          Kairos is free software (AGPL-3.0). Run it on your own server.
        </div>
      </footer>
    </div>
  );
}

/** A static picture of a booking page, so visitors see what guests get. */
function BookingPreview() {
  const days = [
    { label: "Mon", date: "8", slots: ["09:00", "09:30", "11:00"] },
    { label: "Tue", date: "9", slots: ["10:00", "14:30"] },
    { label: "Wed", date: "10", slots: ["09:00", "13:00", "13:30", "16:00"] },
  ];
  return (
    <div aria-hidden="true" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <div className="flex items-center gap-3">
        <div className="flex size-10 items-center justify-center rounded-full bg-brand-100 font-semibold text-brand-700">AL</div>
        <div>
          <p className="text-sm text-slate-600">Ada Lovelace</p>
          <p className="font-semibold text-slate-900">30 minute intro call</p>
        </div>
      </div>
      <p className="mt-4 text-sm text-slate-600">Times shown in Europe/London</p>
      <div className="mt-4 grid grid-cols-3 gap-3">
        {days.map((d) => (
          <div key={d.label}>
            <p className="text-center text-xs font-medium text-slate-600">{d.label}</p>
            <p className="text-center text-lg font-semibold text-slate-900">{d.date}</p>
            <div className="mt-2 space-y-2">
              {d.slots.map((s, i) => (
                <div
                  key={s}
                  className={`rounded-lg border px-2 py-1.5 text-center text-sm font-medium ${
                    d.label === "Wed" && i === 1
                      ? "border-brand-600 bg-brand-600 text-white"
                      : "border-brand-100 bg-brand-50 text-brand-700"
                  }`}
                >
                  {s}
                </div>
              ))}
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}
