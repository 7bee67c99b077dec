/**
 * blocksTime() (provider.ts) as a SQL condition on a row of the busy store
 * (external_events), so the database hands back only the occurrences that
 * take the host's time. The store keeps flags, not a verdict, because whether
 * all-day events block is the host's setting and may change without a resync.
 * The two must agree: change one, change the other (blocks-time-sql.test.ts
 * compares them row by row).
 */
import { Prisma } from "../db/generated/client";

/**
 * `alias`: the external_events alias in the query (a fixed identifier, never
 * input). `allDayBlocks`: users.all_day_events_block, as a value or a column.
 */
export function blocksTimeSql(alias: "e", allDayBlocks: boolean | Prisma.Sql): Prisma.Sql {
  const e = Prisma.raw(alias);
  const allDay = typeof allDayBlocks === "boolean" ? Prisma.sql`${allDayBlocks}::boolean` : allDayBlocks;
  // status 'cancelled' is never stored (sync deletes cancelled occurrences);
  // checked anyway, as blocksTime does, so a stray row cannot block.
  return Prisma.sql`(${e}.status <> 'cancelled'
    AND ${e}.show_as = 'busy'
    AND ${e}.self_response IS DISTINCT FROM 'declined'
    AND (NOT ${e}.all_day OR ${allDay})
    AND ${e}.end_at > ${e}.start_at)`;
}
