"use client";

import { useEffect, useState } from "react";
import { Button, type ButtonSize, type ButtonVariant } from "./button";

/** Copies `text` to the clipboard and says so for a moment. */
export function CopyButton({
  text,
  label = "Copy",
  copiedLabel = "Copied",
  accessibleLabel,
  variant = "secondary",
  size = "sm",
}: {
  text: string;
  label?: string;
  copiedLabel?: string;
  /** A fuller name for screen readers, e.g. "Copy link to 30 min meeting". */
  accessibleLabel?: string;
  variant?: ButtonVariant;
  size?: ButtonSize;
}) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2000);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
  }

  return (
    <>
      <Button variant={variant} size={size} onClick={copy} aria-label={accessibleLabel}>
        <CopyIcon />
        {state === "copied" ? copiedLabel : state === "failed" ? "Copy failed" : label}
      </Button>
      <span className="sr-only" role="status">
        {state === "copied" ? "Copied to the clipboard." : state === "failed" ? "Could not copy; select the text and copy it by hand." : ""}
      </span>
    </>
  );
}

function CopyIcon() {
  return (
    <svg viewBox="0 0 20 20" fill="currentColor" className="size-4" aria-hidden="true">
      <path d="M7 3.5A1.5 1.5 0 0 1 8.5 2h3.879a1.5 1.5 0 0 1 1.06.44l3.122 3.12A1.5 1.5 0 0 1 17 6.622V12.5a1.5 1.5 0 0 1-1.5 1.5h-1v-3.379a3 3 0 0 0-.879-2.121L10.5 5.379A3 3 0 0 0 8.379 4.5H7v-1Z" />
      <path d="M4.5 6A1.5 1.5 0 0 0 3 7.5v9A1.5 1.5 0 0 0 4.5 18h7a1.5 1.5 0 0 0 1.5-1.5v-5.879a1.5 1.5 0 0 0-.44-1.06L9.44 6.439A1.5 1.5 0 0 0 8.378 6H4.5Z" />
    </svg>
  );
}
