"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import { useEffect, useState } from "react";
import { Logo } from "@/components/ui/logo";

const LINKS = [
  { href: "/dashboard", label: "Bookings", exact: true },
  { href: "/dashboard/event-types", label: "Event types" },
  { href: "/dashboard/availability", label: "Availability" },
  { href: "/dashboard/settings", label: "Settings" },
];

export function DashboardNav({ name, username, publicUrl }: { name: string; username: string; publicUrl: string }) {
  const pathname = usePathname();
  const [menuOpen, setMenuOpen] = useState(false);
  const [signingOut, setSigningOut] = useState(false);

  // Close the phone menu after navigating.
  useEffect(() => setMenuOpen(false), [pathname]);

  const isActive = (href: string, exact?: boolean) => (exact ? pathname === href : pathname === href || pathname.startsWith(`${href}/`));
  const publicPage = `${publicUrl}/${username}`;

  const linkClass = (active: boolean) =>
    `rounded-md px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 ${
      active ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100 hover:text-slate-900"
    }`;

  function doSignOut() {
    setSigningOut(true);
    void signOut({ callbackUrl: "/" });
  }

  return (
    <header className="sticky top-0 z-30 border-b border-slate-200 bg-white/95 backdrop-blur">
      <div className="mx-auto flex h-16 max-w-6xl items-center gap-6 px-4 sm:px-6">
        <Logo href="/dashboard" />
        <nav aria-label="Dashboard" className="hidden flex-1 md:block">
          <ul className="flex items-center gap-1">
            {LINKS.map((l) => (
              <li key={l.href}>
                <Link href={l.href} aria-current={isActive(l.href, l.exact) ? "page" : undefined} className={linkClass(isActive(l.href, l.exact))}>
                  {l.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="ml-auto hidden items-center gap-2 md:flex">
          <a
            href={publicPage}
            target="_blank"
            rel="noreferrer"
            className="inline-flex items-center gap-1.5 rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
          >
            My public page
            <ExternalIcon />
            <span className="sr-only">(opens in a new tab)</span>
          </a>
          <span className="mx-1 h-6 w-px bg-slate-200" aria-hidden="true" />
          <span className="max-w-40 truncate text-sm text-slate-600" title={name}>
            {name}
          </span>
          <button
            type="button"
            onClick={doSignOut}
            disabled={signingOut}
            className="rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:opacity-60"
          >
            Sign out
          </button>
        </div>
        <button
          type="button"
          className="ml-auto inline-flex size-10 items-center justify-center rounded-md text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 md:hidden"
          aria-expanded={menuOpen}
          aria-controls="dashboard-mobile-menu"
          onClick={() => setMenuOpen((o) => !o)}
        >
          <span className="sr-only">{menuOpen ? "Close menu" : "Open menu"}</span>
          <svg viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="1.8" aria-hidden="true">
            {menuOpen ? <path d="M6 6l12 12M18 6L6 18" strokeLinecap="round" /> : <path d="M4 7h16M4 12h16M4 17h16" strokeLinecap="round" />}
          </svg>
        </button>
      </div>
      {menuOpen && (
        <div id="dashboard-mobile-menu" className="border-t border-slate-200 bg-white px-4 pb-4 md:hidden">
          <nav aria-label="Dashboard (mobile)">
            <ul className="flex flex-col gap-1 pt-3">
              {LINKS.map((l) => (
                <li key={l.href}>
                  <Link
                    href={l.href}
                    aria-current={isActive(l.href, l.exact) ? "page" : undefined}
                    className={`block ${linkClass(isActive(l.href, l.exact))}`}
                  >
                    {l.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <div className="mt-3 flex flex-col gap-1 border-t border-slate-200 pt-3">
            <p className="px-3 py-1 text-sm text-slate-600">
              Signed in as <span className="font-medium text-slate-800">{name}</span>
            </p>
            <a href={publicPage} target="_blank" rel="noreferrer" className={`inline-flex items-center gap-1.5 ${linkClass(false)}`}>
              My public page <ExternalIcon />
              <span className="sr-only">(opens in a new tab)</span>
            </a>
            <button type="button" onClick={doSignOut} disabled={signingOut} className={`text-left ${linkClass(false)}`}>
              Sign out
            </button>
          </div>
        </div>
      )}
    </header>
  );
}

function ExternalIcon() {
  return (
    <svg viewBox="0 0 20 20" fill="currentColor" className="size-4 text-slate-500" aria-hidden="true">
      <path d="M11 3a1 1 0 1 0 0 2h2.586l-6.293 6.293a1 1 0 1 0 1.414 1.414L15 6.414V9a1 1 0 1 0 2 0V4a1 1 0 0 0-1-1h-5Z" />
      <path d="M5 5a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h8a2 2 0 0 0 2-2v-3a1 1 0 1 0-2 0v3H5V7h3a1 1 0 0 0 0-2H5Z" />
    </svg>
  );
}
