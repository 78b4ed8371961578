import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import type { SafetyFlagKind } from '../domain/safety.js';

/** What a flag belongs to: an entry, a dosing session's notes, or an intention. */
export type FlagSource = 'entry' | 'session' | 'intention';

export interface SafetyFlag {
  /** Set for flags on entries (null for a session's or an intention's). */
  entryId: string | null;
  sessionId: string | null;
  intentionId: string | null;
  source: FlagSource;
  kind: SafetyFlagKind;
  createdAt: string;
  localDate: string;
  /** The entry is private: show the date and kind only (sessions and intentions are never private). */
  private: boolean;
}

interface FlagRow {
  entry_id: string | null;
  session_id: string | null;
  intention_id: string | null;
  kind: SafetyFlagKind;
  created_at: string;
  local_date: string;
  private: number | null;
}

const COLUMN: Record<FlagSource, string> = { entry: 'entry_id', session: 'session_id', intention: 'intention_id' };

export class SafetyRepository {
  private readonly insertStmts: Record<FlagSource, Statement>;
  private readonly rangeStmt: Statement<[string, string], FlagRow>;

  constructor(db: Database) {
    const insert = (source: FlagSource) => db.prepare(
      `INSERT OR IGNORE INTO safety_flags (${COLUMN[source]}, kind, created_at, local_date) VALUES (?, ?, ?, ?)`,
    );
    this.insertStmts = { entry: insert('entry'), session: insert('session'), intention: insert('intention') };
    this.rangeStmt = db.prepare(`
      SELECT f.entry_id, f.session_id, f.intention_id, f.kind, f.created_at, f.local_date, e.private
      FROM safety_flags f LEFT JOIN entries e ON e.id = f.entry_id
      WHERE f.local_date >= ? AND f.local_date <= ? ORDER BY f.local_date, f.kind, f.id`);
  }

  /**
   * The one place a safety flag is written: on an entry, a session or an
   * intention, once per kind (a repeat is ignored), dated by the local day
   * it belongs to. Nothing to do for no kinds.
   */
  addTo(source: FlagSource, id: string, kinds: readonly SafetyFlagKind[], createdAt: string, localDate: string): void {
    for (const kind of kinds) this.insertStmts[source].run(id, kind, createdAt, localDate);
  }

  /** Flags on local days within [fromDay, toDay]. */
  between(fromDay: string, toDay: string): SafetyFlag[] {
    return this.rangeStmt.all(fromDay, toDay).map((r) => ({
      entryId: r.entry_id,
      sessionId: r.session_id,
      intentionId: r.intention_id,
      source: r.entry_id !== null ? 'entry' : r.session_id !== null ? 'session' : 'intention',
      kind: r.kind,
      createdAt: r.created_at,
      localDate: r.local_date,
      private: r.private === 1,
    }));
  }
}
