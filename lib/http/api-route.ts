/**
 * Helpers for API route handlers, on web-standard Request/Response only, so the
 * domain stays framework-free and route files stay a few lines long.
 */
import type { z } from "zod";
import { AppError } from "../errors";
import { errorResponse } from "./error-response";

type Handler<Ctx> = (request: Request, context: Ctx) => Promise<Response | unknown>;

/**
 * Wraps a handler: a returned Response passes through, any other value is sent
 * as 200 JSON, and anything thrown becomes the standard error body.
 */
export function apiRoute<Ctx = unknown>(handler: Handler<Ctx>) {
  return async (request: Request, context: Ctx): Promise<Response> => {
    try {
      const result = await handler(request, context);
      if (result instanceof Response) return result;
      return Response.json(result ?? null);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(data, { status, headers });
}

/** Parses and validates a JSON body; an empty body is validated as `{}`. */
export async function readJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  const text = await request.text();
  let raw: unknown = {};
  if (text.trim() !== "") {
    try {
      raw = JSON.parse(text);
    } catch {
      throw new AppError("validation_error", "The request body is not valid JSON.");
    }
  }
  return schema.parse(raw);
}

/** Validates the query string as a flat object of strings. */
export function readQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  const params = Object.fromEntries(new URL(request.url).searchParams.entries());
  return schema.parse(params);
}

/** Next.js hands dynamic route params as a promise; this reads one by name. */
export async function routeParam(context: { params: Promise<Record<string, string>> }, name: string) {
  const params = await context.params;
  return params[name];
}
