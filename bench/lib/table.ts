import type { Timing } from "./measure";

export interface Row {
  case: string;
  timing: Timing;
  /** The target the issue sets, in ms, and which percentile it applies to. */
  target?: { ms: number; on: "p50" | "p95" };
  note?: string;
}

const ms = (v: number) => v.toFixed(v < 10 ? 3 : 2);

/** A Markdown table: readable in a terminal, pasteable into bench/RESULTS.md. */
export function formatTable(rows: Row[]): string {
  const header = ["Case", "Iterations", "p50 ms", "p95 ms", "p99 ms", "max ms", "Target", "Met", "Note"];
  const lines = rows.map((r) => [
    r.case,
    String(r.timing.iterations),
    ms(r.timing.p50),
    ms(r.timing.p95),
    ms(r.timing.p99),
    ms(r.timing.max),
    r.target ? `${r.target.on} ≤ ${r.target.ms} ms` : "—",
    r.target ? (r.timing[r.target.on] <= r.target.ms ? "yes" : "NO") : "—",
    r.note ?? "",
  ]);
  const all = [header, ...lines];
  const widths = header.map((_, i) => Math.max(...all.map((l) => l[i].length)));
  const row = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  return [row(header), row(widths.map((w) => "-".repeat(w))), ...lines.map(row)].join("\n");
}
