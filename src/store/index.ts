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
import { dropForeignObjects, foreignObjects, readSchema, type ForeignObject } from './schema.js';

/** How a database is doing, for `integrate doctor`. */
export interface StoreHealth {
  version: number;
  /** PRAGMA integrity_check lines ("ok" alone when healthy). */
  integrity: string[];
  brokenReferences: number;
  journalMode: string;
  /** Triggers, views, tables and indexes integrate did not create (or whose definition was changed). */
  foreign: ForeignObject[];
  counts: Record<string, number>;
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

  health(): StoreHealth {
    const schema = readSchema(this.db);
    const counts: Record<string, number> = {};
    for (const table of COUNTED) counts[table] = (this.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return {
      version: schema.version,
      integrity: (this.db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check),
      brokenReferences: (this.db.pragma('foreign_key_check') as unknown[]).length,
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      foreign: foreignObjects(schema),
      counts,
    };
  }

  /** Drops what `health().foreign` lists, in one transaction (our own redefined objects are recreated); returns it. */
  dropForeignObjects(): ForeignObject[] {
    return dropForeignObjects(this.db);
  }

  /**
   * A consistent copy in a new file `target` (created 0600, never over an
   * existing one), in rollback-journal mode so it opens even on read-only media.
   */
  async copyTo(target: string): Promise<void> {
    fs.closeSync(fs.openSync(target, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, 0o600));
    try {
      if (this.info.encrypted) {
        // The backup API refuses encrypted databases; VACUUM INTO copies with the same key.
        this.db.prepare('VACUUM INTO ?').run(target);
        useRollbackJournal(target, this.info.key);
      } else {
        await this.db.backup(target);
        useRollbackJournal(target);
      }
    } catch (err) {
      fs.rmSync(target, { force: true });
      throw err;
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
