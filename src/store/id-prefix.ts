// Records found by the first characters of their id (show, edit, delete,
// session show, intentions done, …). A seek in the table's primary key: a
// `LIKE ? || '%'` cannot use the index with a bound pattern and read every id
// (15 ms of each `integrate show` on 36,500 entries). Ids are lowercase (made
// here, or lowercased on import); one in capitals, written by another tool,
// is found too, as the case-blind LIKE found it.
import type { Database } from 'better-sqlite3-multiple-ciphers';

/** Above every character: `prefix || TOP` sorts after every text that starts with the prefix. */
const TOP = 'char(1114111)';

type Table = 'entries' | 'sessions' | 'intentions';

/** The query: at most two ids (one, or enough to call it ambiguous), given the prefix in @lower and @upper case. */
export const idPrefixSql = (table: Table) =>
  `SELECT id FROM ${table} WHERE (id >= @lower AND id < @lower || ${TOP}) OR (id >= @upper AND id < @upper || ${TOP}) ORDER BY id LIMIT 2`;

/** The ids of `table` starting with a prefix (at most two). */
export function idPrefixLookup(db: Database, table: Table): (prefix: string) => string[] {
  const stmt = db.prepare<{ lower: string; upper: string }, string>(idPrefixSql(table)).pluck();
  return (prefix) => stmt.all({ lower: prefix.toLowerCase(), upper: prefix.toUpperCase() });
}
