import type { Database } from 'better-sqlite3';
import { EntryRepository } from './entries.js';

/** One open database and its repositories. */
export class Store {
  readonly entries: EntryRepository;
  constructor(readonly db: Database, readonly path: string) {
    this.entries = new EntryRepository(db);
  }
  close(): void {
    if (this.db.open) this.db.close();
  }
}
