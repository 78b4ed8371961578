// The columns of integrate's own tables, checked against what its migrations
// create: a column dropped or renamed by another tool (a database browser, a
// script) otherwise surfaced as "something went wrong" in every command that
// reads the table, while doctor said all was well. A table whose definition
// reads as the reference does is not looked at further, so an ordinary open
// pays for comparing a few strings; only a changed one has its columns read.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { loadSqlite } from './sqlite.js';
import { normaliseSql, readSchema, referenceObjects, type SchemaInfo } from './schema.js';

/** A column of ours that a table lacks, with its definition and whether it can be added back (empty). */
export interface LostColumn {
  table: string;
  name: string;
  definition: string;
  /**
   * It can be added back, empty: SQLite can add it to a table with rows (not a key, not unique, null or
   * with a default), and its table has no column integrate did not create (which may be it, renamed).
   */
  restorable: boolean;
}

export interface ChangedTable {
  table: string;
  lost: LostColumn[];
  /** Columns integrate did not create (kept: they may hold someone's data, and integrate never names them). */
  added: string[];
}

interface ColumnInfo {
  name: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
}

const columnsOf = (db: Database, table: string) =>
  db.prepare<[string], ColumnInfo>('SELECT name, "notnull", dflt_value, pk FROM pragma_table_xinfo(?)').all(table);

/**
 * Each column's definition in a CREATE TABLE statement, by name: the text between the top-level
 * commas of its parentheses, without comments. Table constraints (PRIMARY KEY (...), CHECK, ...) are skipped.
 */
export function columnDefinitions(createSql: string): Map<string, string> {
  const open = createSql.indexOf('(');
  const defs = new Map<string, string>();
  let depth = 0;
  let piece = '';
  const take = () => {
    const def = piece.replace(/\s+/g, ' ').trim();
    piece = '';
    const name = /^(?:"((?:[^"]|"")+)"|`([^`]+)`|\[([^\]]+)\]|([\w$]+))/.exec(def);
    if (!name || /^(?:CONSTRAINT|PRIMARY|UNIQUE|CHECK|FOREIGN)$/i.test(name[4] ?? '')) return;
    defs.set((name[1]?.replace(/""/g, '"') ?? name[2] ?? name[3] ?? name[4])!, def);
  };
  for (let i = open + 1; i < createSql.length; i++) {
    const c = createSql[i]!;
    if (c === '-' && createSql[i + 1] === '-') {
      const end = createSql.indexOf('\n', i);
      i = end < 0 ? createSql.length : end;
      piece += ' ';
    } else if (c === '/' && createSql[i + 1] === '*') {
      const end = createSql.indexOf('*/', i + 2);
      i = end < 0 ? createSql.length : end + 1;
      piece += ' ';
    } else if (c === "'" || c === '"' || c === '`') {
      const end = createSql.indexOf(c, i + 1);
      piece += createSql.slice(i, end < 0 ? undefined : end + 1);
      i = end < 0 ? createSql.length : end;
    } else if (c === '(') {
      depth++;
      piece += c;
    } else if (c === ')') {
      if (depth === 0) break;
      depth--;
      piece += c;
    } else if (c === ',' && depth === 0) take();
    else piece += c;
  }
  take();
  return defs;
}

/**
 * integrate's tables in `info` whose columns are not the ones its migrations create: columns lost
 * (which breaks every command reading them) and columns added. The full-text index's tables are
 * SQLite's to define and are left out.
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
      const want = columnsOf(scratch, o.name);
      const have = new Set(columnsOf(db, o.name).map((c) => c.name.toLowerCase()));
      const definitions = columnDefinitions(sql);
      const wanted = new Set(want.map((c) => c.name.toLowerCase()));
      const added = columnsOf(db, o.name).map((c) => c.name).filter((n) => !wanted.has(n.toLowerCase()));
      const lost = want.filter((c) => !have.has(c.name.toLowerCase())).map((c): LostColumn => {
        const definition = definitions.get(c.name) ?? c.name;
        return {
          table: o.name, name: c.name, definition,
          // Not beside a column integrate did not create (it may be this one renamed, holding its values), nor
          // what ALTER TABLE ADD COLUMN refuses on a table with rows (and a reference with a default, with foreign keys on).
          restorable: !added.length && c.pk === 0 && !/\b(?:UNIQUE|PRIMARY\s+KEY|GENERATED|AS\s*\()/i.test(definition)
            && (c.notnull === 0 || c.dflt_value !== null) && !(/\bREFERENCES\b/i.test(definition) && c.dflt_value !== null && c.dflt_value.toUpperCase() !== 'NULL'),
        };
      });
      if (lost.length || added.length) changed.push({ table: o.name, lost, added });
    }
  } finally {
    scratch?.close();
  }
  return changed;
}

/** "entries.starred", "entries.starred and entries.kind". */
export function describeColumns(columns: readonly { table: string; name: string }[]): string {
  const names = columns.map((c) => `${c.table}.${c.name}`);
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * Adds back, empty (with their defaults), the lost columns SQLite can add to a table with rows,
 * in one transaction. Returns what was added; what could not be is left to a backup.
 */
export function restoreLostColumns(db: Database): LostColumn[] {
  const lost = changedTables(db, readSchema(db)).flatMap((t) => t.lost).filter((c) => c.restorable);
  db.transaction(() => {
    for (const c of lost) db.exec(`ALTER TABLE "${c.table.replace(/"/g, '""')}" ADD COLUMN ${c.definition}`);
  }).immediate();
  return lost;
}
