/**
 * The caller's address as far as this server can tell, for rate limiting only
 * (never for access decisions). Next.js fills X-Forwarded-For with the socket
 * address when a request arrives without one; a reverse proxy appends the
 * address it saw. The last entry is therefore the one added by the nearest
 * hop, which a client cannot choose when a proxy is in front.
 */
export function clientIp(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for");
  const last = forwarded
    ?.split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .pop();
  return last || request.headers.get("x-real-ip")?.trim() || "unknown";
}
