import Link from "next/link";

/** The Kairos mark + word, linking home. */
export function Logo({ href = "/", className = "" }: { href?: string; className?: string }) {
  return (
    <Link
      href={href}
      className={`inline-flex items-center gap-2 rounded-md text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 ${className}`}
    >
      <LogoMark />
      <span className="text-lg font-semibold tracking-tight">Kairos</span>
    </Link>
  );
}

export function LogoMark({ className = "size-7" }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} aria-hidden="true">
      <rect width="32" height="32" rx="8" className="fill-brand-600" />
      <circle cx="16" cy="16" r="8.5" fill="none" stroke="white" strokeWidth="2.5" />
      <path d="M16 11v5.2l3.4 2.2" fill="none" stroke="white" strokeWidth="2.5" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
