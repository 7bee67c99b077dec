import { validationError } from "../../errors";

/**
 * Graph's reachability handshake: creating (or moving) a subscription POSTs
 * `?validationToken=…` to the notification and lifecycle URLs, and expects the
 * token back, decoded, as 200 text/plain within 10 s — or no subscription.
 * Echoing is safe: plain text that browsers must not sniff into anything else.
 */
export function graphValidationAnswer(token: string): Response {
  if (token.length === 0 || token.length > 1024) throw validationError("validationToken must be 1–1024 characters.");
  return new Response(token, {
    status: 200,
    headers: { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store" },
  });
}
