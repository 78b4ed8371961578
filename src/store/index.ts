import type { Database } from 'better-sqlite3';
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

/** One open database and its repositories. */
export class Store {
  readonly entries: EntryRepository;
  readonly sessions: SessionRepository;
  readonly intentions: IntentionRepository;
  readonly metrics: MetricsRepository;
  readonly drafts: DraftRepository;
  readonly reflections: ReflectionRepository;
  readonly safety: SafetyRepository;
  readonly summary: SummaryRepository;
  readonly search: SearchRepository;
  readonly exports: ExportRepository;
  constructor(readonly db: Database, readonly path: string) {
    this.entries = new EntryRepository(db);
    this.sessions = new SessionRepository(db);
    this.intentions = new IntentionRepository(db);
    this.metrics = new MetricsRepository(db);
    this.drafts = new DraftRepository(db);
    this.reflections = new ReflectionRepository(db, this.entries, this.intentions, this.drafts);
    this.safety = new SafetyRepository(db);
    this.summary = new SummaryRepository(db);
    this.search = new SearchRepository(db);
    this.exports = new ExportRepository(db);
  }
  close(): void {
    if (this.db.open) this.db.close();
  }
}
