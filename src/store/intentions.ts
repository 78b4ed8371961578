import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import type { Intention, IntentionStatus } from '../domain/intentions.js';
import { checkTextSize } from '../domain/limits.js';
import { idPrefixLookup } from './id-prefix.js';

interface IntentionRow {
  id: string;
  text: string;
  created_at: string;
  utc_offset: number;
  source_entry_id: string | null;
  status: IntentionStatus;
  due_date: string | null;
  closed_at: string | null;
}

function fromRow(r: IntentionRow): Intention {
  return {
    id: r.id,
    text: r.text,
    createdAt: r.created_at,
    utcOffset: r.utc_offset,
    sourceEntryId: r.source_entry_id,
    status: r.status,
    dueDate: r.due_date,
    closedAt: r.closed_at,
  };
}

export class IntentionRepository {
  private readonly insertStmt: Statement;
  private readonly statusStmt: Statement;
  private readonly openStmt: Statement<[], IntentionRow>;
  private readonly allStmt: Statement<[], IntentionRow>;
  private readonly byIdStmt: Statement<[string], IntentionRow>;
  /** Ids matching a prefix: none, one, or (at most) two when ambiguous. */
  readonly idsWithPrefix: (prefix: string) => string[];

  constructor(db: Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO intentions (id, text, created_at, utc_offset, source_entry_id, status, due_date, closed_at)
       VALUES (@id, @text, @createdAt, @utcOffset, @sourceEntryId, @status, @dueDate, @closedAt)`,
    );
    this.statusStmt = db.prepare('UPDATE intentions SET status = ?, closed_at = ? WHERE id = ?');
    // Oldest first; several from one reflection share created_at and keep the order they were written in.
    this.openStmt = db.prepare(`SELECT * FROM intentions WHERE status = 'open' ORDER BY created_at, rowid`);
    this.allStmt = db.prepare('SELECT * FROM intentions ORDER BY created_at, rowid');
    this.byIdStmt = db.prepare('SELECT * FROM intentions WHERE id = ?');
    this.idsWithPrefix = idPrefixLookup(db, 'intentions');
  }

  insert(intention: Intention): void {
    checkTextSize('The intention', intention.text);
    this.insertStmt.run(intention);
  }

  setStatus(id: string, status: IntentionStatus, closedAt: string | null): void {
    this.statusStmt.run(status, closedAt, id);
  }

  open(): Intention[] {
    return this.openStmt.all().map(fromRow);
  }

  all(): Intention[] {
    return this.allStmt.all().map(fromRow);
  }

  get(id: string): Intention | undefined {
    const row = this.byIdStmt.get(id);
    return row ? fromRow(row) : undefined;
  }
}
