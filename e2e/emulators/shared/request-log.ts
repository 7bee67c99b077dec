/**
 * Every provider-API request the emulator answered (control requests excluded), with counters
 * per route, so tests can assert e.g. "computing slots made zero provider calls".
 */
export interface LoggedRequest {
  seq: number;
  at: string;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Matched route pattern, e.g. "GET /calendar/v3/calendars/:calendarId/events"; null if none. */
  route: string | null;
  status: number;
  durationMs: number;
  /** Id of the injected fault that answered, if one did. */
  fault?: string;
  /** The account the access token belonged to, once authenticated. */
  account?: string;
}

export interface RequestLogQuery {
  method?: string;
  /** Exact route pattern ("GET /v1.0/me/calendarView") or a path prefix ("/calendar/v3/"). */
  route?: string;
  pathPrefix?: string;
  /** Only entries with seq greater than this. */
  since?: number;
}

export class RequestLog {
  private entries: LoggedRequest[] = [];
  private nextSeq = 1;
  private readonly limit: number;

  constructor(limit = 10_000) {
    this.limit = limit;
  }

  record(entry: Omit<LoggedRequest, "seq">): LoggedRequest {
    const logged = { ...entry, seq: this.nextSeq++ };
    this.entries.push(logged);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
    return logged;
  }

  /** Sequence number of the latest entry (0 when empty): pass as `since` to see only newer ones. */
  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  list(query: RequestLogQuery = {}): LoggedRequest[] {
    return this.entries.filter(
      (e) =>
        (query.since === undefined || e.seq > query.since) &&
        (!query.method || e.method === query.method.toUpperCase()) &&
        (!query.route || e.route === query.route) &&
        (!query.pathPrefix || e.path.startsWith(query.pathPrefix)),
    );
  }

  /** Counts keyed by route pattern (or "METHOD path" for unrouted requests). */
  counts(query: RequestLogQuery = {}): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const e of this.list(query)) {
      const key = e.route ?? `${e.method} ${e.path}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }

  clear(): void {
    this.entries = [];
  }
}
