/** Placeholder rows while data loads; announced once as "Loading…". */
export function LoadingRows({ rows = 3, label = "Loading…" }: { rows?: number; label?: string }) {
  return (
    <div role="status" aria-live="polite" className="space-y-3 p-5">
      <span className="sr-only">{label}</span>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="h-14 animate-pulse rounded-lg bg-slate-100" aria-hidden="true" />
      ))}
    </div>
  );
}
