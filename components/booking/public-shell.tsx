import Link from "next/link";
import type { ReactNode } from "react";
import { LogoMark } from "@/components/ui/logo";

const widths = { narrow: "max-w-2xl", medium: "max-w-3xl", wide: "max-w-5xl" } as const;

/** The frame of every guest-facing page: a centred column and a quiet footer. */
export function PublicShell({ children, width = "wide" }: { children: ReactNode; width?: keyof typeof widths }) {
  return (
    <div className="flex min-h-screen flex-col">
      <main className="flex-1 px-3 py-6 sm:px-6 sm:py-12">
        <div className={`mx-auto ${widths[width]}`}>{children}</div>
      </main>
      <footer className="pb-8 text-center text-xs text-slate-500">
        <Link
          href="/"
          className="inline-flex items-center gap-1.5 rounded-md px-2 py-1 hover:text-slate-700 focus-visible:outline-2 focus-visible:outline-brand-600"
        >
          <LogoMark className="size-4" />
          Scheduling by Kairos
        </Link>
      </footer>
    </div>
  );
}
