"use client";

import type { ReactNode } from "react";
import type { CalendarSyncStatus } from "@/lib/sync/get-sync-status";
import { formatDuration, formatRelativeTime } from "@/lib/time/format";

/** "2 minutes ago" as a <time> whose tooltip is the exact local time. */
function Ago({ at, now }: { at: string; now: number }) {
  return (
    <time dateTime={at} title={new Date(at).toLocaleString()}>
      {formatRelativeTime(at, now)}
    </time>
  );
}

const PUSH_TEXT = { active: "Live updates", expiring: "Live updates end soon" } as const;

/** A provider's message ends a sentence of ours: without its own full stop. */
const clause = (text: string) => text.trim().replace(/[.\s]+$/, "");

function eventsText(n: number): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? "event" : "events"} stored`;
}

/** "30 s", "5 min", "1 h": how often a calendar without live updates is checked. */
function pollEvery(seconds: number): string {
  return seconds < 60 ? `${seconds} s` : formatDuration(Math.round(seconds / 60));
}

/**
 * Why live updates (push) are not running, when setting them up or renewing
 * them failed — the calendar is then polled, so it still stays fresh, only
 * slower. Not shown while a working channel has time left (a failed renewal
 * is retried), nor when the whole account needs reconnecting (that says more).
 */
function pushProblem(status: CalendarSyncStatus): string | null {
  if (!status.pushError || status.health === "needs_reconnect") return null;
  const every = status.pollIntervalSeconds ? `checking every ${pollEvery(status.pollIntervalSeconds)} instead` : null;
  const reason = clause(status.pushError);
  if (status.push === "polling") return `Live updates unavailable: ${reason}${every ? ` — ${every}` : ""}.`;
  if (status.push === "expiring") return `Live updates end soon, renewing them failed: ${reason}${every ? ` — then ${every}` : ""}.`;
  return null;
}

/**
 * One ticked calendar's sync health, under its row in Settings → Calendars:
 * how fresh Kairos' copy of its events is, how it hears of changes, and what
 * went wrong — in words a host can act on. A never-synced calendar says that
 * the booking pages offer nothing until its first sync (fail closed); a
 * failing one that its last synced events still count (stale beats unknown).
 */
export function CalendarSyncLine({ status, now, id }: { status: CalendarSyncStatus; now: number; id: string }) {
  const running = status.job === "running";
  // A due job no worker has taken yet: "queued", not "syncing" — on a server whose worker is off it stays so.
  const queued = status.job === "queued" && Date.parse(status.jobRunAt ?? "") <= now + 5_000;
  const failing = status.health === "error" || (status.health === "pending" && status.lastError !== null);
  const dot = failing ? "bg-red-500" : status.health === "ok" ? "bg-emerald-500" : "bg-amber-500";
  const facts: ReactNode[] = [];
  let problem: ReactNode = null;

  if (status.health === "pending") {
    problem = (
      <span className={status.lastError ? "text-red-700" : "text-amber-800"}>
        {running
          ? "Reading this calendar for the first time…"
          : status.lastError
            ? `Could not be read yet: ${clause(status.lastError)}${queued ? " — trying again." : "."}`
            : queued
              ? "Waiting to be read for the first time."
              : "Not read yet."}{" "}
        Your booking pages offer no times until it has been read.
      </span>
    );
  } else {
    if (status.lastSyncedAt) {
      facts.push(
        <>
          {running ? "Syncing… last synced " : queued ? "Sync queued · last synced " : "Synced "}
          <Ago at={status.lastSyncedAt} now={now} />
        </>,
      );
    }
    facts.push(eventsText(status.eventsStored));
    if (status.health === "needs_reconnect") {
      facts.push("not updating until the account is reconnected");
    } else if (status.push === "active" || status.push === "expiring") {
      facts.push(PUSH_TEXT[status.push]);
    } else if (status.nextPollAt && !running && !queued) {
      facts.push(
        // Within the minute it reads "due", not "in just now".
        Date.parse(status.nextPollAt) > now + 45_000 ? (
          <>
            Next check <Ago at={status.nextPollAt} now={now} />
          </>
        ) : (
          "Next check due"
        ),
      );
    }
    if (status.health === "error") {
      problem = (
        <span className="text-red-700">
          Last sync failed{status.lastErrorAt ? <> <Ago at={status.lastErrorAt} now={now} /></> : null}
          {status.lastError ? `: ${clause(status.lastError)}` : ""}. Its last synced events still block your time.
        </span>
      );
    }
  }

  const push = pushProblem(status);
  return (
    <p id={id} className="mt-1.5 flex min-w-0 items-start gap-1.5 pl-5.5 text-xs text-slate-600">
      <span aria-hidden="true" className={`mt-1 size-1.5 shrink-0 rounded-full ${dot} ${running || queued ? "animate-pulse" : ""}`} />
      <span className="min-w-0 break-words">
        {facts.map((fact, i) => (
          <span key={i}>
            {i > 0 && " · "}
            {fact}
          </span>
        ))}
        {/* A space before each line break: the break alone separates nothing in the text screen readers announce (aria-describedby). */}
        {problem && facts.length > 0 && <> <br /></>}
        {problem}
        {push && (facts.length > 0 || problem) && <> <br /></>}
        {push && <span className="text-amber-800">{push}</span>}
      </span>
    </p>
  );
}
