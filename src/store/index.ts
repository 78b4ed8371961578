import type { Database } from 'better-sqlite3-multiple-ciphers';
import fs from 'node:fs';
import type { Key } from './cipher.js';
import { useRollbackJournal } from './open.js';
import { EntryRepository } from './entries.js';
import { IntentionRepository } from './intentions.js';
import { MetricsRepository } from './metrics.js';
import { SessionRepository } from './sessions.js';
import { DraftRepository } from './drafts.js';
import { ReflectionRepository } from './reflections.js';
import { SafetyRepository } from './safety.js';
import { SummaryRepository } from './summary.js';
import { SearchRepository } from './search.js';
import { ExportRepository } from './export.js';
import { ImportRepository } from './import.js';
import { AssessmentRepository } from './assessments.js';
import { changedTables, unreadableValues, type ChangedTable, type UnreadableValues } from './table-columns.js';
import { dropForeignObjects, foreignObjects, missingObjects, readSchema, restoreMissingObjects, type ForeignObject, type RestoredObject, type SchemaObject } from './schema.js';

/** How a database is doing, for `integrate doctor`. */
export interface StoreHealth {
  version: number;
  /** PRAGMA integrity_check (or quick_check) lines ("ok" alone when healthy). */
  integrity: string[];
  /** Which check made `integrity`: the full one reads every index entry too. */
  check: 'integrity' | 'quick';
  brokenReferences: number;
  journalMode: string;
  /** Triggers, views, tables and indexes integrate did not create (or whose definition was changed). */
  foreign: ForeignObject[];
  /** Indexes, triggers and tables integrate creates that the database lacks. */
  missing: SchemaObject[];
  /** integrate's tables whose columns are not the ones it created (lost, redeclared, or added by another tool). */
  changedTables: ChangedTable[];
  /** Times, days, offsets and metric values another program wrote in a form integrate cannot read. */
  unreadable: UnreadableValues[];
  /** Rows per table (a table that is missing is left out). */
  counts: Record<string, number>;
  /** Bytes on disk: the database file and its WAL (undefined when there is none). */
  sizes: { file: number | undefined; wal: number | undefined };
  /** Pages SQLite could reuse (a VACUUM would return them to the disk). */
  freePages: number;
}

/** A file's size in bytes; undefined when it does not exist (any other failure is thrown). */
function sizeOf(file: string): number | undefined {
  try {
    return fs.statSync(file).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

const COUNTED = ['entries', 'entry_metrics', 'entry_tags', 'entry_practices', 'entry_answers', 'sessions', 'intentions', 'drafts', 'safety_flags'];

export interface StoreInfo {
  /** Why the database was opened read-only; undefined when it can be written. */
  readonlyReason?: string;
  /** Read from a private copy in memory (the folder cannot take SQLite's -wal/-shm files). */
  inMemory?: boolean;
  /** Encrypted at rest (src/store/cipher.ts), opened with `key`. */
  encrypted?: boolean;
  key?: Key;
}

/**
 * One open database and its repositories. Each repository prepares its
 * statements when first used, so a check-in does not pay for the summary's.
 * Every SQL string and every transaction lives under src/store/: commands
 * call repositories and group writes with `transaction(fn)`; `db` is for the
 * store's own files (and tests that plant rows).
 */
export class Store {
  private readonly cache = new Map<string, unknown>();
  constructor(readonly db: Database, readonly path: string, readonly info: StoreInfo = {}) {}

  /** Opened for reading only: a write would fail. */
  get readonly(): boolean {
    return this.db.readonly;
  }

  private lazy<T>(name: string, make: () => T): T {
    let repo = this.cache.get(name) as T | undefined;
    if (repo === undefined) {
      repo = make();
      this.cache.set(name, repo);
    }
    return repo;
  }

  get entries(): EntryRepository { return this.lazy('entries', () => new EntryRepository(this.db)); }
  get sessions(): SessionRepository { return this.lazy('sessions', () => new SessionRepository(this.db)); }
  get intentions(): IntentionRepository { return this.lazy('intentions', () => new IntentionRepository(this.db)); }
  get metrics(): MetricsRepository { return this.lazy('metrics', () => new MetricsRepository(this.db)); }
  get drafts(): DraftRepository { return this.lazy('drafts', () => new DraftRepository(this.db)); }
  get reflections(): ReflectionRepository {
    return this.lazy('reflections', () => new ReflectionRepository(this.db, this.entries, this.intentions, this.drafts));
  }
  get safety(): SafetyRepository { return this.lazy('safety', () => new SafetyRepository(this.db)); }
  get summary(): SummaryRepository { return this.lazy('summary', () => new SummaryRepository(this.db)); }
  get search(): SearchRepository { return this.lazy('search', () => new SearchRepository(this.db)); }
  get exports(): ExportRepository { return this.lazy('exports', () => new ExportRepository(this.db)); }
  get imports(): ImportRepository { return this.lazy('imports', () => new ImportRepository(this.db, this.entries)); }
  get assessments(): AssessmentRepository { return this.lazy('assessments', () => new AssessmentRepository(this.db, this.sessions)); }

  /**
   * Runs `fn` in one transaction: everything it writes is saved together or
   * not at all (a throw rolls back and is rethrown). `immediate` takes the
   * write lock before `fn` reads, so concurrent writers queue instead of
   * racing between a read and the write that depends on it. Nests as a savepoint.
   */
  transaction<T>(fn: () => T, opts: { immediate?: boolean } = {}): T {
    const tx = this.db.transaction(fn);
    return opts.immediate ? tx.immediate() : tx();
  }

  /**
   * How the database is doing: schema version, integrity (the full check, or
   * `quick` for SQLite's faster one that skips index contents), references,
   * journal mode, planted objects, row counts and sizes.
   */
  health(opts: { quick?: boolean } = {}): StoreHealth {
    const schema = readSchema(this.db);
    const counts: Record<string, number> = {};
    const missing = missingObjects(schema);
    for (const table of COUNTED) {
      if (missing.some((o) => o.type === 'table' && o.name === table)) continue;
      counts[table] = (this.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    }
    const check = opts.quick ? 'quick' : 'integrity';
    const changed = changedTables(this.db, schema);
    return {
      version: schema.version,
      check,
      integrity: (this.db.pragma(`${check}_check`) as Record<string, string>[]).map((r) => Object.values(r)[0]!),
      brokenReferences: (this.db.pragma('foreign_key_check') as unknown[]).length,
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      foreign: foreignObjects(schema),
      missing,
      changedTables: changed,
      unreadable: unreadableValues(this.db, changed.flatMap((t) => t.lost)),
      counts,
      sizes: { file: sizeOf(this.path), wal: sizeOf(`${this.path}-wal`) },
      freePages: this.db.pragma('freelist_count', { simple: true }) as number,
    };
  }

  /** Nothing a person wrote is here yet (a journal only just created). */
  isEmpty(): boolean {
    return ['entries', 'sessions', 'intentions', 'drafts'].every((t) => this.db.prepare(`SELECT 1 FROM ${t} LIMIT 1`).get() === undefined);
  }

  /** Recreates what `health().missing` lists, in one transaction (and refills the search index when it fell behind); returns it. */
  restoreMissingObjects(): RestoredObject[] {
    return restoreMissingObjects(this.db);
  }

  /** Drops what `health().foreign` lists, in one transaction (our own redefined objects are recreated); returns it. */
  dropForeignObjects(): ForeignObject[] {
    return dropForeignObjects(this.db);
  }

  /**
   * SQLite's online backup into `target` (which the caller has created), page
   * by page; `progress` runs between steps and may throw to stop it.
   */
  async backupTo(target: string, progress?: () => void): Promise<void> {
    // The online backup API refuses encrypted databases; VACUUM INTO writes a copy encrypted with the same key.
    if (this.info.encrypted) {
      this.db.prepare('VACUUM INTO ?').run(target);
      return;
    }
    await (progress ? this.db.backup(target, { progress: () => (progress(), 100) }) : this.db.backup(target));
  }

  /**
   * A consistent copy in a new file `target` (created 0600, never over an
   * existing one), in rollback-journal mode so it opens even on read-only media.
   */
  async copyTo(target: string): Promise<void> {
    fs.closeSync(fs.openSync(target, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, 0o600));
    try {
      await this.backupTo(target);
      useRollbackJournal(target, this.info.key);
    } catch (err) {
      fs.rmSync(target, { force: true });
      throw err;
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
