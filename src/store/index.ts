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

/**
 * One open database and its repositories. Each repository prepares its
 * statements when first used, so a check-in does not pay for the summary's.
 */
export class Store {
  private readonly cache = new Map<string, unknown>();
  constructor(readonly db: Database, readonly path: string) {}

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

  close(): void {
    if (this.db.open) this.db.close();
  }
}
