import Link from "next/link";

const TABS = [
  { href: "/dashboard/settings", label: "Profile & API keys" },
  { href: "/dashboard/settings/calendars", label: "Calendars" },
] as const;

/** The sections of Settings, as links (each section is its own page). */
export function SettingsTabs({ current }: { current: (typeof TABS)[number]["href"] }) {
  return (
    <nav aria-label="Settings sections" className="-mt-2 mb-6 border-b border-slate-200">
      <ul className="-mb-px flex gap-4">
        {TABS.map((tab) => {
          const active = tab.href === current;
          return (
            <li key={tab.href}>
              <Link
                href={tab.href}
                aria-current={active ? "page" : undefined}
                className={`inline-block border-b-2 px-1 pb-3 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 ${
                  active ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900"
                }`}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
