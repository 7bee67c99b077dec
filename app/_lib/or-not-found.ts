import { notFound } from "next/navigation";
import { AppError } from "@/lib/errors";

/**
 * Awaits a lib/ lookup and turns its not_found AppError into Next's 404 page;
 * every other failure propagates to the error boundary.
 */
export async function orNotFound<T>(lookup: Promise<T>): Promise<T> {
  try {
    return await lookup;
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}
