"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

/** Reloads spaced out over about half a minute; the link normally arrives within seconds. */
const REFRESH_DELAYS_MS = [2_000, 3_000, 5_000, 8_000, 13_000];

/**
 * Shown while the host's calendar is still making the meeting link (the
 * write-back is pending): re-renders the page a few times so the link appears
 * without the guest reloading, then says to come back.
 */
export function MeetingLinkPending({ conferenceName }: { conferenceName: string }) {
  const router = useRouter();
  const [round, setRound] = useState(0);
  const done = round >= REFRESH_DELAYS_MS.length;

  useEffect(() => {
    if (done) return;
    const timer = setTimeout(() => {
      router.refresh();
      setRound((r) => r + 1);
    }, REFRESH_DELAYS_MS[round]);
    return () => clearTimeout(timer);
  }, [round, done, router]);

  return (
    <p role="status" className="mt-0.5 text-slate-600">
      {done
        ? `Your ${conferenceName} link is taking longer than usual. Reload this page in a few minutes to see it.`
        : "Your meeting link is being created…"}
    </p>
  );
}
