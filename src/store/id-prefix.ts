// Records found by the first characters of their id (show, edit, delete,
// session show, intentions done, …). A seek in the table's primary key: a
// `LIKE ? || '%'` cannot use the index with a bound pattern and read every id
// (15 ms of each `integrate show` on 36,500 entries). Ids are lowercase (made
// here, or lowercased on import); one in capitals is found by the seek too,
// and one in mixed case (only another tool writes such ids) by the case-blind
// LIKE, asked only when the seek finds nothing.
import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';

/** Above every character: `prefix || TOP` sorts after every text that starts with the prefix. */
const TOP = 'char(1114111)';

type Table = 'entries' | 'sessions' | 'intentions';

/** The query: at most two ids (one, or enough to call it ambiguous), given the prefix in @lower and @upper case. */
export const idPrefixSql = (table: Table) =>
  `SELECT id FROM ${table} WHERE (id >= @lower AND id < @lower || ${TOP}) OR (id >= @upper AND id < @upper || ${TOP}) ORDER BY id LIMIT 2`;

/** The ids of `table` starting with a prefix (at most two). */
export function idPrefixLookup(db: Database, table: Table): (prefix: string) => string[] {
  const stmt = db.prepare<{ lower: string; upper: string }, string>(idPrefixSql(table)).pluck();
  let caseBlind: Statement<[string], string> | undefined;
  return (prefix) => {
    const found = stmt.all({ lower: prefix.toLowerCase(), upper: prefix.toUpperCase() });
    if (found.length) return found;
    caseBlind ??= db.prepare<[string], string>(`SELECT id FROM ${table} WHERE id LIKE ? || '%' ESCAPE '\\' ORDER BY id LIMIT 2`).pluck();
    return caseBlind.all(prefix.replace(/[%_\\]/g, '\\$&'));
  };
}
