import { ZodError } from "zod";
import { AppError } from "../errors";

/** The body every API error answers with. */
export interface ErrorBody {
  error: { code: string; message: string; details: { path?: string; message: string }[] };
}

/** The one mapping from a thrown value to an HTTP response. */
export function errorResponse(error: unknown): Response {
  const appError = toAppError(error);
  if (appError.code === "server_error") console.error(error);
  const body: ErrorBody = {
    error: { code: appError.code, message: appError.message, details: appError.details },
  };
  return Response.json(body, { status: appError.status });
}

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) {
    return new AppError(
      "validation_error",
      "Some of the input is not valid.",
      error.issues.map((issue) => ({
        path: issue.path.map(String).join(".") || undefined,
        message: issue.message,
      })),
    );
  }
  if (error instanceof SyntaxError) {
    return new AppError("validation_error", "The request body is not valid JSON.");
  }
  return new AppError("server_error", "Something went wrong on our side. Please try again.");
}
