import type { ReactNode, Ref } from "react";

const tones = {
  confirmed: { ring: "bg-emerald-100 text-emerald-700", path: "M16.704 4.153a.75.75 0 0 1 .143 1.052l-8 10.5a.75.75 0 0 1-1.127.075l-4.5-4.5a.75.75 0 0 1 1.06-1.06l3.894 3.893 7.48-9.817a.75.75 0 0 1 1.05-.143Z" },
  cancelled: { ring: "bg-red-100 text-red-700", path: "M6.28 5.22a.75.75 0 0 0-1.06 1.06L8.94 10l-3.72 3.72a.75.75 0 1 0 1.06 1.06L10 11.06l3.72 3.72a.75.75 0 1 0 1.06-1.06L11.06 10l3.72-3.72a.75.75 0 0 0-1.06-1.06L10 8.94 6.28 5.22Z" },
  past: { ring: "bg-slate-100 text-slate-600", path: "M10 18a8 8 0 1 0 0-16 8 8 0 0 0 0 16Zm.75-13a.75.75 0 0 0-1.5 0v5c0 .414.336.75.75.75h4a.75.75 0 0 0 0-1.5h-3.25V5Z" },
} as const;

/** The big icon + heading at the top of the confirmation, manage and cancel pages. */
export function StatusHeader({
  tone,
  title,
  children,
  headingRef,
}: {
  tone: keyof typeof tones;
  title: string;
  children?: ReactNode;
  /** For pages that move focus to the heading after a change of state. */
  headingRef?: Ref<HTMLHeadingElement>;
}) {
  const { ring, path } = tones[tone];
  return (
    <header className="flex flex-col items-center border-b border-slate-200 px-5 pt-10 pb-8 text-center sm:px-8">
      <span className={`flex size-12 items-center justify-center rounded-full ${ring}`}>
        <svg viewBox="0 0 20 20" fill="currentColor" className="size-6" aria-hidden="true">
          <path fillRule="evenodd" clipRule="evenodd" d={path} />
        </svg>
      </span>
      <h1 ref={headingRef} tabIndex={headingRef ? -1 : undefined} className="mt-4 text-2xl font-bold tracking-tight text-slate-900 outline-none">
        {title}
      </h1>
      {children && <div className="mt-2 max-w-md text-sm text-slate-600">{children}</div>}
    </header>
  );
}
