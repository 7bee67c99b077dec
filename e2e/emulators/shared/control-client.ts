/**
 * The transport under each emulator's typed control client: JSON over fetch to /_emulator/…,
 * throwing with the emulator's message on any non-2xx answer.
 */
export class ControlTransport {
  constructor(
    /** Emulator origin, e.g. "http://127.0.0.1:4100". */
    readonly origin: string,
    /** Extra fetch options (the Microsoft emulator passes a dispatcher trusting its certificate). */
    private readonly fetchOptions: Record<string, unknown> = {},
  ) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.origin}/_emulator${path}`, {
      ...this.fetchOptions,
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    } as RequestInit);
    const text = await response.text();
    const data = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) {
      const error = (data as { error?: unknown } | undefined)?.error;
      const message = typeof error === "string" ? error : text;
      throw new Error(`emulator control ${method} ${path} → ${response.status}: ${message}`);
    }
    return data as T;
  }
}

/** Builds "?a=1&b=2" from defined values. */
export function queryString(params: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) search.set(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : "";
}
