/**
 * `npm run admin -- <command> [flags]`: operator tasks on a Kairos instance
 * (in the spirit of Mastodon's tootctl). Argument parsing and running are split
 * from process I/O so both are tested in-process.
 *
 * Exit codes: 0 done, 1 the command failed (invalid input, conflict, not found),
 * 2 the command line itself is wrong (unknown command, missing or unknown flag).
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { ZodError } from "zod";
import { db as appDb, type Db } from "../../lib/db/client";
import { AppError } from "../../lib/errors";
import { toAppError } from "../../lib/http/error-response";
import { ensureDatabaseUrl } from "../lib/database-url";
import { createApiKeyCommand, createUserCommand, formatUser, formatUserTable, listUsersCommand } from "./commands";

type Options = NonNullable<ParseArgsConfig["options"]>;

interface CommandSpec {
  usage: string;
  summary: string;
  options: Options;
  required: string[];
  help: string;
  run(db: Db, values: Record<string, string>, io: AdminIo): Promise<void>;
}

export interface AdminIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The whole of standard input, for `--password -`. */
  readStdin(): Promise<string>;
}

export interface AdminDeps extends AdminIo {
  /** Opens the database; called only once a valid command is about to run. */
  connect(): Promise<{ db: Db; close(): Promise<void> }>;
}

export class UsageError extends Error {
  constructor(message: string, readonly usage?: string) {
    super(message);
    this.name = "UsageError";
  }
}

const COMMANDS: Record<string, CommandSpec> = {
  "users create": {
    usage: "users create --email <email> --name <name> --username <username> --password <password|-> [--time-zone <IANA zone>]",
    summary: "Create a host who signs in with email and password (with a default Mon–Fri 09:00–17:00 schedule).",
    options: {
      email: { type: "string" },
      name: { type: "string" },
      username: { type: "string" },
      password: { type: "string" },
      "time-zone": { type: "string" },
    },
    required: ["email", "name", "username", "password"],
    help: [
      "  --email       sign-in email (stored lower-case)",
      "  --name        display name",
      "  --username    first segment of the public links, e.g. /ada/intro",
      "  --password    at least 8 characters; `-` reads it from standard input (keeps it out of shell history)",
      "  --time-zone   IANA zone of the default schedule, e.g. Europe/Berlin (default UTC)",
    ].join("\n"),
    async run(db, values, io) {
      const password = values.password === "-" ? firstLine(await io.readStdin()) : values.password;
      const user = await createUserCommand(db, {
        email: values.email,
        name: values.name,
        username: values.username,
        password,
        timeZone: values["time-zone"],
      });
      io.stdout(`Created user ${user.username}:\n${formatUser(user)}\n`);
    },
  },
  "users list": {
    usage: "users list",
    summary: "List all users.",
    options: {},
    required: [],
    help: "",
    async run(db, _values, io) {
      io.stdout(formatUserTable(await listUsersCommand(db)) + "\n");
    },
  },
  "api-keys create": {
    usage: "api-keys create --email <user's email> --name <label>",
    summary: "Create an API key for a user and print it (the only time it is shown).",
    options: { email: { type: "string" }, name: { type: "string" } },
    required: ["email", "name"],
    help: ["  --email   the user the key acts as", "  --name    a label to tell keys apart in Settings, e.g. ci-deploy"].join("\n"),
    async run(db, values, io) {
      const { user, apiKey } = await createApiKeyCommand(db, { email: values.email, name: values.name });
      // The key alone on stdout so it can be captured (npm run -s admin -- … > key); the rest on stderr.
      io.stderr(`Created API key "${apiKey.name}" (id ${apiKey.id}) for ${user.email}. It is shown only this once:\n`);
      io.stdout(`${apiKey.key}\n`);
      io.stderr("Send it as `Authorization: Bearer <key>`. Revoke it in Settings → API keys.\n");
    },
  },
};

export function helpText(): string {
  const lines = ["Usage: npm run admin -- <command> [flags]", "", "Commands:"];
  for (const spec of Object.values(COMMANDS)) {
    lines.push(`  ${spec.usage}`, `      ${spec.summary}`);
  }
  lines.push(
    "",
    "Run `npm run admin -- <command> --help` for a command's flags.",
    "Database: DATABASE_URL, or the embedded database under KAIROS_DATA_DIR (default .data/) when it is unset.",
  );
  return lines.join("\n");
}

function commandHelp(spec: CommandSpec): string {
  return [`Usage: npm run admin -- ${spec.usage}`, "", spec.summary, ...(spec.help ? ["", spec.help] : [])].join("\n");
}

export type ParsedCommand =
  | { kind: "help"; text: string }
  | { kind: "run"; command: string; values: Record<string, string> };

/** Reads argv (without node and the script); throws UsageError for a wrong command line. */
export function parseAdminArgs(argv: string[]): ParsedCommand {
  const words = argv.slice(0, 2);
  if (argv.length === 0 || ["--help", "-h", "help"].includes(argv[0])) return { kind: "help", text: helpText() };
  const command = words.join(" ");
  const spec = COMMANDS[command];
  if (!spec) {
    const known = Object.keys(COMMANDS).filter((name) => name.startsWith(`${argv[0]} `));
    throw new UsageError(
      known.length > 0 ? `Unknown command "${command}". Did you mean: ${known.join(", ")}?` : `Unknown command "${command}".`,
      helpText(),
    );
  }
  const rest = argv.slice(2);
  if (rest.includes("--help") || rest.includes("-h")) return { kind: "help", text: commandHelp(spec) };
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  try {
    ({ values } = parseArgs({ args: rest, options: spec.options, strict: true, allowPositionals: false }));
  } catch (error) {
    // parseArgs explains unknown flags, missing values and stray arguments well; keep its words.
    throw new UsageError((error as Error).message, commandHelp(spec));
  }
  const missing = spec.required.filter((name) => typeof values[name] !== "string" || values[name] === "");
  if (missing.length > 0) {
    throw new UsageError(`Missing ${missing.map((m) => `--${m}`).join(", ")}.`, commandHelp(spec));
  }
  return { kind: "run", command, values: values as Record<string, string> };
}

/** Runs the CLI and returns the exit code. */
export async function runAdmin(argv: string[], deps: AdminDeps): Promise<number> {
  let parsed: ParsedCommand;
  try {
    parsed = parseAdminArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    deps.stderr(`Error: ${error.message}\n${error.usage ? `\n${error.usage}\n` : ""}`);
    return 2;
  }
  if (parsed.kind === "help") {
    deps.stdout(parsed.text + "\n");
    return 0;
  }
  const connection = await deps.connect();
  try {
    await COMMANDS[parsed.command].run(connection.db, parsed.values, deps);
    return 0;
  } catch (error) {
    if (error instanceof AppError || error instanceof ZodError) {
      const appError = toAppError(error);
      const details = appError.details.map((d) => `  - ${d.path ? `${cliFlag(d.path)}: ` : ""}${d.message}\n`).join("");
      deps.stderr(`Error: ${appError.message}\n${details}`);
      return 1;
    }
    throw error;
  } finally {
    await connection.close();
  }
}

/** "timeZone" → "--time-zone": details name the flag the person typed. */
function cliFlag(path: string): string {
  return `--${path.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

function firstLine(text: string): string {
  return text.split(/\r?\n/)[0];
}

/** The real database: DATABASE_URL, or the embedded one (shared with a running instance when there is one). */
export async function connectAppDatabase(): Promise<{ db: Db; close(): Promise<void> }> {
  const database = await ensureDatabaseUrl();
  process.env.DATABASE_URL = database.url;
  const client = appDb();
  return {
    db: client,
    async close() {
      await client.$disconnect();
      await database.stop();
    },
  };
}
