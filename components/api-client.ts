/**
 * The one way UI code talks to the Kairos JSON API. It sends and reads JSON,
 * and turns every error answer into an ApiError carrying the API's
 * `{ code, message, details }`, so forms can show messages beside fields.
 * Framework-free on purpose: usable from any client component.
 */

export interface ApiErrorDetail {
  /** Dotted path of the offending input field, e.g. "attendee.email". */
  path?: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ApiErrorDetail[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** Messages keyed by field path (first message per field wins). */
  fieldErrors(): Record<string, string> {
    const byField: Record<string, string> = {};
    for (const detail of this.details) {
      if (detail.path && !(detail.path in byField)) byField[detail.path] = detail.message;
    }
    return byField;
  }

  /** Messages that belong to no single field (shown at the top of a form). */
  generalErrors(): string[] {
    return this.details.filter((d) => !d.path).map((d) => d.message);
  }
}

export interface ApiRequestOptions {
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** Sent as JSON. */
  body?: unknown;
  /** Appended as a query string; undefined/null values are skipped. */
  query?: Record<string, string | number | boolean | undefined | null>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

function withQuery(path: string, query: ApiRequestOptions["query"]): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null) params.set(key, String(value));
  }
  const qs = params.toString();
  if (!qs) return path;
  return path + (path.includes("?") ? "&" : "?") + qs;
}

/**
 * Calls the API and returns its parsed JSON body (undefined for 204).
 * Throws ApiError for any non-2xx answer and for network failures
 * (code "network_error", status 0) so callers handle one error type.
 */
export async function apiFetch<T = unknown>(path: string, options: ApiRequestOptions = {}): Promise<T> {
  const { method = options.body === undefined ? "GET" : "POST", body, query, headers, signal } = options;
  let response: Response;
  try {
    response = await fetch(withQuery(path, query), {
      method,
      headers: {
        Accept: "application/json",
        ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      credentials: "same-origin",
      signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, "network_error", "Could not reach the server. Check your connection and try again.");
  }

  const text = response.status === 204 ? "" : await response.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }

  if (!response.ok) {
    const error = (data as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
    const details = Array.isArray(error?.details)
      ? (error.details as unknown[]).flatMap((d) =>
          d && typeof d === "object" && typeof (d as ApiErrorDetail).message === "string"
            ? [{ path: typeof (d as ApiErrorDetail).path === "string" ? (d as ApiErrorDetail).path : undefined, message: (d as ApiErrorDetail).message }]
            : [],
        )
      : [];
    throw new ApiError(
      response.status,
      typeof error?.code === "string" ? error.code : response.status >= 500 ? "server_error" : "http_error",
      typeof error?.message === "string" ? error.message : `The request failed (HTTP ${response.status}).`,
      details,
    );
  }
  return data as T;
}

/** Shorthands. */
export const api = {
  get: <T>(path: string, query?: ApiRequestOptions["query"], signal?: AbortSignal) =>
    apiFetch<T>(path, { method: "GET", query, signal }),
  post: <T>(path: string, body?: unknown) => apiFetch<T>(path, { method: "POST", body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => apiFetch<T>(path, { method: "PATCH", body }),
  delete: <T = void>(path: string) => apiFetch<T>(path, { method: "DELETE" }),
};

/** A readable message for any thrown value (ApiError or not). */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return "Something went wrong. Please try again.";
}
