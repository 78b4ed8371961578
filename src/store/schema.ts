// What integrate itself puts in a database, so anything else can be named:
// a trigger or view planted in the file runs on ordinary commands (a check-in
// of mood 1 stored as 10), so the database is refused until `doctor --fix`
// removes it. The reference is not a hand-kept list: it is what the
// migrations create, read back from an in-memory database migrated to the
// same version as the file.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { LATEST_VERSION, migrate } from './migrations/index.js';

export interface SchemaObject {
  type: string;
  name: string;
  sql: string | null;
}

export interface SchemaInfo {
  /** PRAGMA application_id, as an unsigned 32-bit number. */
  appId: number;
  version: number;
  objects: SchemaObject[];
}

// Loaded on first use, so commands that never touch the database (--version, help) skip the native addon.
export { loadSqlite } from './sqlite.js';
import { loadSqlite } from './sqlite.js';

/**
 * Header fields and every schema object, read without writing anything. One
 * read transaction, so all three come from the same moment: read one by one,
 * another process creating the same new database could commit a migration in
 * between, and its tables would look foreign to a version read just before.
 */
export function readSchema(db: Database): SchemaInfo {
  return db.transaction(() => ({
    appId: (db.pragma('application_id', { simple: true }) as number) >>> 0,
    version: db.pragma('user_version', { simple: true }) as number,
    objects: db.prepare<[], SchemaObject>('SELECT type, name, sql FROM sqlite_master ORDER BY type, name').all(),
  }))();
}

const references = new Map<number, SchemaObject[]>();

/**
 * The latest version's objects, read by scripts/build.mjs from these same
 * migrations when it bundles them: opening a current database then checks it
 * without migrating a scratch database from nothing (about 10 ms per run).
 * Undefined when running from the sources (tests), which work it out below.
 */
declare const __INTEGRATE_SCHEMA_REFERENCE__: string | undefined;

/** The objects integrate's migrations create up to `version` (memoised per process). */
export function referenceObjects(version: number): SchemaObject[] {
  if (version === LATEST_VERSION && !references.has(version) && typeof __INTEGRATE_SCHEMA_REFERENCE__ === 'string') {
    references.set(version, JSON.parse(__INTEGRATE_SCHEMA_REFERENCE__) as SchemaObject[]);
  }
  let objects = references.get(version);
  if (!objects) {
    const Database = loadSqlite();
    const db = new Database(':memory:');
    try {
      migrate(db, version);
      objects = readSchema(db).objects;
    } finally {
      db.close();
    }
    references.set(version, objects);
  }
  return objects;
}

// Whitespace may differ between how SQLite stored our own
// statements and the reference; anything else (a changed WHEN or body) counts.
export const normaliseSql = (sql: string | null) => (sql ?? '').replace(/\s+/g, ' ').replace(/\s*([(),;=])\s*/g, '$1').trim();

/** SQLite's own bookkeeping (autoindexes, ANALYZE statistics): never ours to judge. */
const internal = (o: SchemaObject) => o.name.startsWith('sqlite_');

export interface ForeignObject extends SchemaObject {
  /** Our object under the same name (its definition was changed), to be recreated after dropping. */
  replaces?: SchemaObject;
}

/**
 * Triggers, views, tables and indexes in `info` that integrate did not
 * create, and ours whose definition was changed (triggers, views, indexes:
 * code that runs or decides on every write). Tables of ours are matched by
 * name: a table cannot run anything.
 */
export function foreignObjects(info: SchemaInfo): ForeignObject[] {
  const expected = new Map(referenceObjects(info.version).map((o) => [`${o.type}\u0000${o.name}`, o]));
  const foreign: ForeignObject[] = [];
  for (const o of info.objects) {
    if (internal(o)) continue;
    const ours = expected.get(`${o.type}\u0000${o.name}`);
    if (!ours) foreign.push(o);
    else if (o.type !== 'table' && normaliseSql(o.sql) !== normaliseSql(ours.sql)) foreign.push({ ...o, replaces: ours });
  }
  return foreign;
}

/**
 * A database written by integrate before it set its application_id: a
 * version integrate had (1 up to the one before application_id) and every
 * table that version's migrations create.
 */
export function looksLikeIntegrate(info: SchemaInfo, lastWithoutId: number): boolean {
  if (info.version < 1 || info.version > lastWithoutId) return false;
  const tables = new Set(info.objects.filter((o) => o.type === 'table').map((o) => o.name));
  return referenceObjects(info.version).filter((o) => o.type === 'table').every((o) => tables.has(o.name));
}

/** `trigger mood_bump, view v`; past `max`, the first few and how many more of each type. */
export function describeObjects(objects: readonly SchemaObject[], max = 6): string {
  if (objects.length <= max) return objects.map((o) => `${o.type} ${o.name}`).join(', ');
  const shown = objects.slice(0, max - 1);
  const rest = new Map<string, number>();
  for (const o of objects.slice(max - 1)) rest.set(o.type, (rest.get(o.type) ?? 0) + 1);
  const more = [...rest].map(([type, n]) => `${n} more ${type}${n === 1 ? '' : 's'}`).join(' and ');
  return `${shown.map((o) => `${o.type} ${o.name}`).join(', ')} and ${more}`;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Drops every foreign object in one transaction; one of ours that had been
 * redefined is recreated from the reference. Returns what was dropped.
 */
export function dropForeignObjects(db: Database): ForeignObject[] {
  const foreign = foreignObjects(readSchema(db));
  // Triggers and views first: they may refer to the tables and indexes dropped after them.
  const order = ['trigger', 'view', 'index', 'table'];
  const sorted = [...foreign].sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
  db.transaction(() => {
    for (const o of sorted) {
      // An index belonging to a foreign table disappears with it.
      const exists = db.prepare('SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?').get(o.type, o.name);
      if (exists) db.exec(`DROP ${o.type.toUpperCase()} ${quote(o.name)}`);
      if (o.replaces?.sql) db.exec(o.replaces.sql);
    }
  }).immediate();
  return foreign;
}

/**
 * What integrate's migrations create that the database lacks: an index,
 * trigger or table dropped by hand or by another tool. A lost index makes
 * reads slower; a lost search trigger leaves the search index behind the
 * entries; a lost table breaks the commands that use it.
 */
export function missingObjects(info: SchemaInfo): SchemaObject[] {
  const present = new Set(info.objects.map((o) => `${o.type}\u0000${o.name}`));
  const missing = referenceObjects(info.version).filter((o) => !internal(o) && o.sql && !present.has(`${o.type}\u0000${o.name}`));
  // A full-text index's own tables (search_fts_data, ...) come back with it: name the index only.
  const virtual = missing.filter((o) => /^CREATE VIRTUAL TABLE/i.test(o.sql!)).map((o) => `${o.name}_`);
  return missing.filter((o) => !virtual.some((prefix) => o.name.startsWith(prefix)));
}

/** The table, key columns and condition (a partial index) of a unique index of ours, from its definition. */
const UNIQUE_ON = /^CREATE\s+UNIQUE\s+INDEX\s+\w+\s+ON\s+(\w+)\s*\(([\w\s,]+)\)(?:\s+WHERE\s+(.+?))?\s*$/is;

/**
 * What of `missing` integrate cannot work without: anything but an index, and, for writing, a unique
 * index (it keeps a key from repeating), unless its table is missing too (naming the table says it all).
 */
export function requiredMissing(missing: readonly SchemaObject[], opts: { writing: boolean }): SchemaObject[] {
  const tables = new Set(missing.filter((o) => o.type === 'table').map((o) => o.name.toLowerCase()));
  return missing.filter((o) => {
    if (o.type !== 'index') return true;
    const unique = opts.writing ? UNIQUE_ON.exec(o.sql ?? '') : null;
    return unique !== null && !tables.has(unique[1]!.toLowerCase());
  });
}

/** An object restoreMissingObjects() recreated; for a unique index, the rows it removed that repeated its key. */
export type RestoredObject = SchemaObject & { repeatsRemoved?: number };

/**
 * Recreates what missingObjects() lists, in one transaction, tables first.
 * Before a unique index is built again, rows that repeat its key (written
 * while it was gone) are cut to the last one written for each key.
 * When a search trigger (or the index itself) was missing, entries, sessions
 * and intentions written meanwhile are not in the search index: it is then
 * filled again by touching every row, which runs the triggers that keep it.
 */
export function restoreMissingObjects(db: Database): RestoredObject[] {
  const missing: RestoredObject[] = missingObjects(readSchema(db));
  const order = ['table', 'index', 'view', 'trigger'];
  const sorted = [...missing].sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
  const reindex = missing.some((o) => o.name.startsWith('search_fts') || (o.type === 'trigger' && o.name.includes('_search_')));
  db.transaction(() => {
    for (const o of sorted) {
      // The search index's own tables come back with it.
      const exists = db.prepare('SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?').get(o.type, o.name);
      if (exists) continue;
      const unique = UNIQUE_ON.exec(o.sql!);
      if (unique) {
        const [, table, key, where] = unique;
        o.repeatsRemoved = db.prepare(`DELETE FROM ${table} WHERE ${where ? `(${where}) AND ` : ''}rowid NOT IN (SELECT max(rowid) FROM ${table}${where ? ` WHERE ${where}` : ''} GROUP BY ${key})`).run().changes;
      }
      db.exec(o.sql!);
    }
    if (reindex) {
      db.exec('DELETE FROM search_fts');
      db.exec('UPDATE entries SET text = text');
      db.exec('UPDATE sessions SET notes = notes');
      db.exec('UPDATE intentions SET text = text');
    }
  }).immediate();
  return missing;
}
