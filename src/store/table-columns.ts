// The columns of integrate's own tables, checked against what its migrations
// create: a column dropped, renamed or redeclared by another tool (a database
// browser, a script) otherwise surfaced as "something went wrong" in every
// command that reads the table, while doctor said all was well. A table whose
// definition reads as the reference does is not looked at further, so an
// ordinary open pays for comparing a few strings; only a changed one has its
// columns read. Nothing here changes the file: what a column held cannot be
// known once it is gone (a default would even turn private entries shared),
// so the way back is the copy from before the change.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { METRIC_LIMIT } from '../domain/metrics.js';
import { loadSqlite } from './sqlite.js';
import { normaliseSql, referenceObjects, type SchemaInfo } from './schema.js';

/** A column of a table: `table.name`. */
export interface TableColumn {
  table: string;
  name: string;
}

export interface ChangedTable {
  table: string;
  /** Columns of ours the table lacks: every command reading the table fails. */
  lost: TableColumn[];
  /** Columns of ours declared otherwise (type, key, NOT NULL): what was, and what is. */
  redeclared: (TableColumn & { was: string; now: string })[];
  /** Columns integrate did not create; `blocking` when a new row cannot be written without a value for it (and it is not beside a lost column, as a renamed one is). */
  added: (TableColumn & { blocking: boolean })[];
}

interface ColumnInfo {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
  hidden: number;
}

const columnsOf = (db: Database, table: string) =>
  db.prepare<[string], ColumnInfo>('SELECT name, type, "notnull", dflt_value, pk, hidden FROM pragma_table_xinfo(?)').all(table);

/** What the checks compare of a column: its declared type, whether it is (part of) the key, NOT NULL. */
const declared = (c: ColumnInfo) => [c.type.toUpperCase() || '(no type)', c.pk ? 'PRIMARY KEY' : '', c.notnull ? 'NOT NULL' : ''].filter(Boolean).join(' ');

/**
 * integrate's tables in `info` whose columns are not the ones its migrations create. The full-text
 * index's tables are SQLite's to define and are left out.
 */
export function changedTables(db: Database, info: SchemaInfo): ChangedTable[] {
  const reference = referenceObjects(info.version).filter((o) => o.type === 'table' && o.sql);
  const virtual = reference.filter((o) => /^CREATE\s+VIRTUAL\s+TABLE/i.test(o.sql!)).map((o) => o.name);
  const expected = new Map(reference.map((o) => [o.name, o.sql!]));
  const changed: ChangedTable[] = [];
  let scratch: Database | undefined;
  try {
    for (const o of info.objects) {
      const sql = o.type === 'table' ? expected.get(o.name) : undefined;
      if (!sql || normaliseSql(o.sql) === normaliseSql(sql)) continue;
      if (virtual.some((v) => o.name === v || o.name.startsWith(`${v}_`))) continue;
      // The reference's columns, as SQLite reads its definition.
      scratch ??= new (loadSqlite())(':memory:');
      scratch.exec(sql);
      const want = new Map(columnsOf(scratch, o.name).map((c) => [c.name.toLowerCase(), c]));
      const have = columnsOf(db, o.name);
      const present = new Map(have.map((c) => [c.name.toLowerCase(), c]));
      const lost = [...want.values()].filter((c) => !present.has(c.name.toLowerCase())).map((c) => ({ table: o.name, name: c.name }));
      const redeclared = have.flatMap((c) => {
        const ours = want.get(c.name.toLowerCase());
        return ours && declared(ours) !== declared(c) ? [{ table: o.name, name: c.name, was: declared(ours), now: declared(c) }] : [];
      });
      const added = have.filter((c) => !want.has(c.name.toLowerCase()))
        // integrate's inserts name their columns: one that must be given a value (and is not computed) fails every
        // one. Beside a lost column it is most likely that column renamed, which the lost one names already.
        .map((c) => ({ table: o.name, name: c.name, blocking: !lost.length && c.notnull === 1 && c.dflt_value === null && c.hidden === 0 }));
      if (lost.length || redeclared.length || added.length) changed.push({ table: o.name, lost, redeclared, added });
    }
  } finally {
    scratch?.close();
  }
  return changed;
}

/**
 * What stops integrate from using the journal: a lost column, a column of ours made or unmade a key
 * (a key referred to by other tables' foreign keys breaks every statement on them), and, for writing,
 * an added column every new row must fill.
 */
export function blockingChanges(tables: readonly ChangedTable[], opts: { writing: boolean }): { lost: TableColumn[]; rekeyed: TableColumn[]; mustFill: TableColumn[] } {
  return {
    lost: tables.flatMap((t) => t.lost),
    rekeyed: tables.flatMap((t) => t.redeclared.filter((c) => c.was.includes('PRIMARY KEY') !== c.now.includes('PRIMARY KEY'))),
    mustFill: opts.writing ? tables.flatMap((t) => t.added.filter((c) => c.blocking)) : [],
  };
}

/** "entries.starred", "entries.starred and entries.kind". */
export function describeColumns(columns: readonly TableColumn[]): string {
  const names = columns.map((c) => `${c.table}.${c.name}`);
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** Values another program wrote in a form integrate does not write: commands showing their rows may fail or show them wrongly. */
export interface UnreadableValues extends TableColumn {
  rows: number;
  /** The first few ids of the rows (entries, sessions, intentions, drafts) or of their entry. */
  ids: string[];
}

/** An instant as integrate stores it: toISOString's form, which SQLite gives back unchanged (a day 39 or an hour 25 comes back otherwise or not at all). */
const STORED_INSTANT = (c: string) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${c}) IS NOT ${c}`;
/** A time another program may have written in another ISO form (an import keeps a file's own): only one SQLite cannot read at all. */
const ANY_TIME = (c: string) => `${c} IS NOT NULL AND julianday(${c}) IS NULL`;
const DAY = (c: string) => `date(${c}) IS NOT ${c}`;
const OFFSET = (c: string) => `(typeof(${c}) != 'integer' OR abs(${c}) >= 1440)`;
/** Each check: table, column, the condition for a value integrate does not write, and the id shown for a row. */
const VALUE_CHECKS: readonly [table: string, column: string, bad: string, id: string][] = [
  ['entries', 'created_at', STORED_INSTANT('created_at'), 'id'],
  ['entries', 'local_date', DAY('local_date'), 'id'],
  ['entries', 'utc_offset', OFFSET('utc_offset'), 'id'],
  ['entries', 'updated_at', ANY_TIME('updated_at'), 'id'],
  // Beyond what a metric holds (an import before the limit): its means are Infinity.
  ['entry_metrics', 'value', `typeof(value) NOT IN ('real', 'integer') OR abs(value) > ${METRIC_LIMIT}`, 'entry_id'],
  ['entry_answers', 'value', 'json_valid(value) = 0', 'entry_id'],
  ['sessions', 'occurred_at', STORED_INSTANT('occurred_at'), 'id'],
  ['sessions', 'local_date', DAY('local_date'), 'id'],
  ['sessions', 'utc_offset', OFFSET('utc_offset'), 'id'],
  ['intentions', 'created_at', STORED_INSTANT('created_at'), 'id'],
  ['intentions', 'utc_offset', OFFSET('utc_offset'), 'id'],
  ['intentions', 'due_date', `due_date IS NOT NULL AND ${DAY('due_date')}`, 'id'],
  ['intentions', 'closed_at', ANY_TIME('closed_at'), 'id'],
  ['drafts', 'answers', 'json_valid(answers) = 0', 'id'],
  ['drafts', 'updated_at', STORED_INSTANT('updated_at'), 'id'],
];

/**
 * Values in integrate's tables in a form it does not write (another program's): a time SQLite cannot
 * read or that is out of range, a day that is not one, an offset that is not whole minutes within a
 * day, a metric that is not a number or is beyond what a metric holds, answers that are not JSON. Commands showing such rows fail or
 * show them wrongly. One scan per column (0.1–0.3 s for 36,500 entries); only `doctor` runs it.
 * A column that is gone is left to changedTables().
 */
export function unreadableValues(db: Database, lost: readonly TableColumn[]): UnreadableValues[] {
  const found: UnreadableValues[] = [];
  const columns = new Set(db.prepare<[], string>(
    "SELECT m.name || '.' || c.name FROM sqlite_master m JOIN pragma_table_xinfo(m.name) c WHERE m.type = 'table'",
  ).pluck().all());
  for (const [table, column, bad, id] of VALUE_CHECKS) {
    if (!columns.has(`${table}.${column}`) || !columns.has(`${table}.${id}`) || lost.some((c) => c.table === table && c.name === column)) continue;
    const ids = db.prepare<[], string>(`SELECT DISTINCT ${id} FROM ${table} WHERE ${bad} LIMIT 3`).pluck().all();
    if (!ids.length) continue;
    const rows = (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${bad}`).get() as { n: number }).n;
    found.push({ table, name: column, rows, ids: ids.map((v) => String(v).slice(0, 8)) });
  }
  return found;
}
