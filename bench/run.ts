/**
 * `npm run bench`: the availability engine's speed against the targets of the
 * availability issue. Prints the machine and one table (Markdown).
 *   --only=compute,http,team,push,store   run some cases only (default: all)
 *   --iterations=N                  timed runs per case (default 1000; HTTP cases use N/2 and N/4;
 *                                   push uses N/20, 5…100, per provider)
 * BENCH_DATABASE_URL=postgresql://… runs the HTTP case on a scratch database
 * of that server instead of the embedded PGlite.
 */
import { benchHttpSlots } from "./http-slots";
import { benchStoreSlots } from "./store-slots";
import { benchPushLatency } from "./push-latency";
import { machineDescription } from "./lib/machine";
import { formatTable, type Row } from "./lib/table";
import { benchSingleHost } from "./single-host";
import { benchTeam } from "./team";

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.slice(2).find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

async function main() {
  const only = new Set((option("only") ?? "compute,http,team,push,store").split(",").map((s) => s.trim()));
  const iterations = Number(option("iterations") ?? 1000);
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > 100_000) throw new Error("--iterations must be 1…100000.");
  for (const name of only) if (!["compute", "http", "team", "push", "store"].includes(name)) throw new Error(`Unknown case "${name}" (compute, http, team, push, store).`);

  console.log(`Kairos availability benchmark — ${new Date().toISOString()}`);
  for (const line of machineDescription()) console.log(`  ${line}`);
  console.log("");
  const rows: Row[] = [];
  if (only.has("compute")) rows.push(...(await benchSingleHost(iterations)));
  if (only.has("http")) rows.push(...(await benchHttpSlots(Math.max(1, Math.floor(iterations / 2)))));
  if (only.has("team")) rows.push(...(await benchTeam(iterations)));
  if (only.has("push")) rows.push(...(await benchPushLatency(iterations)));
  if (only.has("store")) rows.push(...(await benchStoreSlots(Math.max(1, Math.floor(iterations / 2)))));
  console.log(formatTable(rows));
  const missed = rows.filter((r) => r.target && r.timing[r.target.on] > r.target.ms);
  console.log(missed.length === 0 ? "\nAll targets met." : `\nTargets missed: ${missed.map((r) => r.case.trim()).join("; ")}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
