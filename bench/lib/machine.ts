import os from "node:os";

/** What the numbers were measured on: they mean little without it. */
export function machineDescription(): string[] {
  const cpus = os.cpus();
  const load = os.loadavg().map((l) => l.toFixed(2)).join(" / ");
  return [
    `CPU: ${cpus[0]?.model.trim() ?? "unknown"} — ${cpus.length} logical cores`,
    `Memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; load average (1/5/15 min) at start: ${load}`,
    `Node ${process.version} on ${os.type()} ${os.release()} (${process.arch})`,
  ];
}
