import type { Database, Statement } from 'better-sqlite3';
import type { SafetyFlagKind } from '../domain/safety.js';

export interface SafetyFlag {
  entryId: string;
  kind: SafetyFlagKind;
  createdAt: string;
  localDate: string;
}

export class SafetyRepository {
  private readonly insertStmt: Statement;
  private readonly rangeStmt: Statement<[string, string], { entry_id: string; kind: SafetyFlagKind; created_at: string; local_date: string }>;

  constructor(db: Database) {
    this.insertStmt = db.prepare('INSERT OR IGNORE INTO safety_flags (entry_id, kind, created_at, local_date) VALUES (?, ?, ?, ?)');
    this.rangeStmt = db.prepare('SELECT * FROM safety_flags WHERE local_date >= ? AND local_date <= ? ORDER BY local_date, kind');
  }

  add(entryId: string, kinds: readonly SafetyFlagKind[], createdAt: string, localDate: string): void {
    for (const kind of kinds) this.insertStmt.run(entryId, kind, createdAt, localDate);
  }

  /** Flags on local days within [fromDay, toDay]. */
  between(fromDay: string, toDay: string): SafetyFlag[] {
    return this.rangeStmt.all(fromDay, toDay).map((r) => ({ entryId: r.entry_id, kind: r.kind, createdAt: r.created_at, localDate: r.local_date }));
  }
}
