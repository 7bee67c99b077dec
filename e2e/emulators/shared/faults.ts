/**
 * Injected faults: "the next N requests matching METHOD + path answer STATUS". Tests use them
 * to reproduce throttling, outages, slow or hung providers, and the nasty case of a provider
 * that performed a write and still answered with an error (`applyFirst`).
 */
import { randomUUID } from "node:crypto";

export interface FaultSpec {
  /** HTTP method to match; omitted or "*" matches any. */
  method?: string;
  /**
   * Glob over the request path (without query): `*` matches within one segment, `**` matches
   * anything. Compared with both the raw and the percent-decoded path, so
   * "/calendar/v3/calendars/ada@example.com/events" matches "…/ada%40example.com/events".
   */
  path: string;
  /** Answer with this status and the provider's error body for it. Omit for a pure delay/hang. */
  status?: number;
  /** How many matching requests the fault applies to (default 1). */
  count?: number;
  /** Apply to every matching request until removed. */
  always?: boolean;
  /** Adds a Retry-After header (seconds). */
  retryAfterSeconds?: number;
  /** Wait this long before answering (with the fault status, or normally when no status). */
  delayMs?: number;
  /** Never answer (the connection stays open until the client gives up or the emulator stops). */
  hang?: boolean;
  /** Provider error reason/code override (Google `errors[0].reason`, Graph `error.code`). */
  reason?: string;
  message?: string;
  /** Run the real handler first (its writes happen), then answer with the fault status. */
  applyFirst?: boolean;
}

export interface FaultRule extends FaultSpec {
  id: string;
  remaining: number | null;
  hits: number;
}

function globToRegExp(glob: string): RegExp {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*" && glob[i + 1] === "*") {
      source += ".*";
      i++;
    } else if (c === "*") {
      source += "[^/]*";
    } else {
      source += c.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
    }
  }
  return new RegExp(`^${source}$`);
}

export class FaultStore {
  private rules: Array<FaultRule & { regex: RegExp }> = [];

  add(spec: FaultSpec): FaultRule {
    if (typeof spec.path !== "string" || !spec.path.startsWith("/")) {
      throw new Error("fault.path must be a glob starting with /");
    }
    if (spec.status === undefined && !spec.delayMs && !spec.hang) {
      throw new Error("a fault needs a status, a delayMs or hang: true");
    }
    const rule = {
      ...spec,
      id: randomUUID(),
      remaining: spec.always ? null : Math.max(1, spec.count ?? 1),
      hits: 0,
      regex: globToRegExp(spec.path),
    };
    this.rules.push(rule);
    return this.describe(rule);
  }

  /** Consumes one use of the first rule matching this request, if any. */
  take(method: string, rawPath: string): FaultRule | undefined {
    let decoded = rawPath;
    try {
      decoded = decodeURIComponent(rawPath);
    } catch {
      // keep the raw path
    }
    const rule = this.rules.find(
      (r) =>
        (r.remaining === null || r.remaining > 0) &&
        (!r.method || r.method === "*" || r.method.toUpperCase() === method.toUpperCase()) &&
        (r.regex.test(rawPath) || r.regex.test(decoded)),
    );
    if (!rule) return undefined;
    rule.hits++;
    if (rule.remaining !== null) rule.remaining--;
    if (rule.remaining === 0) this.rules = this.rules.filter((r) => r !== rule);
    return this.describe(rule);
  }

  list(): FaultRule[] {
    return this.rules.map((r) => this.describe(r));
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
  }

  private describe(rule: FaultRule & { regex?: RegExp }): FaultRule {
    const { regex: _regex, ...rest } = rule;
    return { ...rest };
  }
}
