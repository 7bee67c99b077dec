import { describe, expect, it } from "vitest";
import { isUniqueViolation } from "./errors";

// The shape Prisma 6 with the pg driver adapter throws (captured from a real violation).
const prismaUsernameClash = Object.assign(
  new Error("\nInvalid `tx.user.create()` invocation:\n  data: { email: data.email, username: data.username }\nUnique constraint failed on the fields: (`username`)"),
  {
    code: "P2002",
    meta: {
      modelName: "User",
      driverAdapterError: {
        name: "DriverAdapterError",
        cause: {
          originalCode: "23505",
          originalMessage: 'duplicate key value violates unique constraint "users_username_key"',
          kind: "UniqueConstraintViolation",
          constraint: { fields: ["username"] },
        },
      },
    },
  },
);

describe("isUniqueViolation", () => {
  it("names the violated columns from structured data, not from the quoted source in the message", () => {
    expect(isUniqueViolation(prismaUsernameClash)).toBe(true);
    expect(isUniqueViolation(prismaUsernameClash, "username")).toBe(true);
    expect(isUniqueViolation(prismaUsernameClash, "email")).toBe(false);
  });

  it("reads the constraint name of a raw driver error", () => {
    const pgError = Object.assign(new Error('duplicate key value violates unique constraint "event_types_user_id_slug_key"'), {
      code: "23505",
      constraint: "event_types_user_id_slug_key",
    });
    expect(isUniqueViolation(pgError, "slug")).toBe(true);
    expect(isUniqueViolation(pgError, "email")).toBe(false);
  });

  it("sees through P2010, the wrapper of a failed raw query, whose code looks like a SQLSTATE", () => {
    // Captured from `$executeRaw` violating jobs_queued_key_key.
    const rawQueryClash = Object.assign(new Error("\nInvalid `prisma.$executeRaw()` invocation:"), {
      code: "P2010",
      meta: {
        driverAdapterError: {
          name: "DriverAdapterError",
          cause: {
            originalCode: "23505",
            originalMessage: 'duplicate key value violates unique constraint "jobs_queued_key_key"',
            kind: "UniqueConstraintViolation",
            constraint: { fields: ["key"] },
          },
        },
      },
    });
    expect(isUniqueViolation(rawQueryClash)).toBe(true);
    expect(isUniqueViolation(rawQueryClash, "key")).toBe(true);
  });

  it("is false for other errors", () => {
    expect(isUniqueViolation(new Error("boom"), "email")).toBe(false);
    expect(isUniqueViolation({ code: "23P01" })).toBe(false);
  });
});
