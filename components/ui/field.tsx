import type { ComponentProps, ReactNode } from "react";

/** The look of every text-like control, without its width (callers choose it). */
export const controlClasses =
  "rounded-lg border bg-white px-3 text-sm text-slate-900 shadow-sm placeholder:text-slate-400 " +
  "focus:outline-none focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-brand-600 " +
  "disabled:bg-slate-50 disabled:text-slate-500";

function border(invalid?: boolean) {
  return invalid ? "border-red-500" : "border-slate-300";
}

/**
 * A labelled form control with optional hint and error. The control itself is
 * passed as children and must carry `id={id}`; hint and error are linked to it
 * via aria-describedby by the Input/Select/Textarea below (pass `describedBy`).
 */
export function Field({
  id,
  label,
  hint,
  error,
  children,
  className = "",
  optional,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  children: ReactNode;
  className?: string;
  optional?: boolean;
}) {
  return (
    <div className={className}>
      <label htmlFor={id} className="mb-1.5 block text-sm font-medium text-slate-800">
        {label}
        {optional && <span className="ml-1 font-normal text-slate-500">(optional)</span>}
      </label>
      {children}
      {hint && !error && (
        <p id={`${id}-hint`} className="mt-1.5 text-xs text-slate-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="mt-1.5 text-xs font-medium text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

/** aria props that tie a control to its Field's hint/error. */
export function describedBy(id: string, opts: { hint?: unknown; error?: unknown }) {
  const ids = [opts.error ? `${id}-error` : opts.hint ? `${id}-hint` : null].filter(Boolean).join(" ");
  return { "aria-describedby": ids || undefined, "aria-invalid": opts.error ? true : undefined } as const;
}

/** `className` may set a width ("w-28", "flex-1"); otherwise the control is full width. */
function width(className: string): string {
  return /(^|\s)(w-|flex-1)/.test(className) ? "block" : "block w-full";
}

export function Input({ invalid, className = "", ...rest }: ComponentProps<"input"> & { invalid?: boolean }) {
  return <input className={`${controlClasses} ${width(className)} h-10 ${border(invalid)} ${className}`} {...rest} />;
}

export function Select({ invalid, className = "", ...rest }: ComponentProps<"select"> & { invalid?: boolean }) {
  return <select className={`${controlClasses} ${width(className)} h-10 pr-8 ${border(invalid)} ${className}`} {...rest} />;
}

export function Textarea({ invalid, className = "", ...rest }: ComponentProps<"textarea"> & { invalid?: boolean }) {
  return <textarea className={`${controlClasses} ${width(className)} py-2 ${border(invalid)} ${className}`} {...rest} />;
}

/** An accessible on/off switch; give it a visible label via `label` or aria-labelledby. */
export function Switch({
  checked,
  onChange,
  label,
  id,
  description,
  disabled,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  label: ReactNode;
  id: string;
  description?: ReactNode;
  disabled?: boolean;
}) {
  return (
    <div className="flex items-start gap-3">
      <button
        id={id}
        type="button"
        role="switch"
        aria-checked={checked}
        aria-describedby={description ? `${id}-desc` : undefined}
        disabled={disabled}
        onClick={() => onChange(!checked)}
        className={`relative mt-0.5 inline-flex h-6 w-11 shrink-0 cursor-pointer rounded-full border-2 border-transparent transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:cursor-not-allowed disabled:opacity-60 ${
          checked ? "bg-brand-600" : "bg-slate-300"
        }`}
      >
        <span
          aria-hidden="true"
          className={`inline-block size-5 rounded-full bg-white shadow ring-0 transition-transform ${checked ? "translate-x-5" : "translate-x-0"}`}
        />
      </button>
      <div>
        <label htmlFor={id} className="cursor-pointer text-sm font-medium text-slate-800">
          {label}
        </label>
        {description && (
          <p id={`${id}-desc`} className="text-xs text-slate-600">
            {description}
          </p>
        )}
      </div>
    </div>
  );
}
