// Dosing sessions, numbered in date order by the query itself.
import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import type { DoseUnit, NumberedSession, Route, Session } from '../domain/sessions.js';
import { checkTextSize } from '../domain/limits.js';
import { idPrefixLookup } from './id-prefix.js';

interface SessionRow {
  id: string;
  occurred_at: string;
  utc_offset: number;
  local_date: string;
  route: Route;
  dose_mg: number | null;
  dose_unit: DoseUnit;
  setting: string;
  guide: string;
  intention: string;
  notes: string;
  private: number;
  number: number;
}

const NUMBERED = `
  WITH numbered AS (
    SELECT *, ROW_NUMBER() OVER (ORDER BY occurred_at, id) AS number FROM sessions
  )`;

/**
 * One session `s` with its number, as NUMBERED gives it, counted in the occurred_at index
 * rather than by numbering every session (an import looks up each of its sessions).
 */
const ONE_NUMBERED = `
  SELECT s.*, (SELECT count(*) FROM sessions o WHERE o.occurred_at < s.occurred_at OR (o.occurred_at = s.occurred_at AND o.id <= s.id)) AS number
  FROM sessions s`;

function fromRow(row: SessionRow): NumberedSession {
  return {
    id: row.id,
    occurredAt: row.occurred_at,
    utcOffset: row.utc_offset,
    localDate: row.local_date,
    route: row.route,
    doseMg: row.dose_mg,
    doseUnit: row.dose_unit,
    setting: row.setting,
    guide: row.guide,
    intention: row.intention,
    notes: row.notes,
    private: row.private === 1,
    number: row.number,
  };
}

export class SessionRepository {
  private readonly insertStmt: Statement;
  private readonly updateStmt: Statement;
  private readonly deleteStmt: Statement;
  private readonly allStmt: Statement<[], SessionRow>;
  private readonly byIdStmt: Statement<[string], SessionRow>;
  /** Ids matching a prefix: none, one, or (at most) two when ambiguous. */
  readonly idsWithPrefix: (prefix: string) => string[];
  private readonly beforeStmt: Statement<[string], SessionRow>;
  private readonly rangeStmt: Statement<[string, string], SessionRow>;

  constructor(db: Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO sessions (id, occurred_at, utc_offset, local_date, route, dose_mg, dose_unit, setting, guide, intention, notes, private, created_at)
       VALUES (@id, @occurredAt, @utcOffset, @localDate, @route, @doseMg, @doseUnit, @setting, @guide, @intention, @notes, @private, @createdAt)`,
    );
    this.updateStmt = db.prepare(
      `UPDATE sessions SET occurred_at = @occurredAt, utc_offset = @utcOffset, local_date = @localDate, route = @route,
         dose_mg = @doseMg, dose_unit = @doseUnit, setting = @setting, guide = @guide, intention = @intention, notes = @notes, private = @private,
         updated_at = @updatedAt
       WHERE id = @id`,
    );
    this.deleteStmt = db.prepare('DELETE FROM sessions WHERE id = ?');
    this.allStmt = db.prepare(`${NUMBERED} SELECT * FROM numbered ORDER BY number`);
    this.byIdStmt = db.prepare(`${ONE_NUMBERED} WHERE s.id = ?`);
    this.idsWithPrefix = idPrefixLookup(db, 'sessions');
    this.beforeStmt = db.prepare(`${ONE_NUMBERED} WHERE s.occurred_at <= ? ORDER BY s.occurred_at DESC, s.id DESC LIMIT 1`);
    this.rangeStmt = db.prepare(`${NUMBERED} SELECT * FROM numbered WHERE local_date >= ? AND local_date <= ? ORDER BY number`);
  }

  private params(s: Session) {
    checkTextSize(`The session of ${s.localDate}`, s.setting, s.guide, s.intention, s.notes);
    return { ...s, doseUnit: s.doseUnit ?? 'mg', private: s.private ? 1 : 0 };
  }

  insert(session: Session, createdAt: string): void {
    this.insertStmt.run({ ...this.params(session), createdAt });
  }

  update(session: Session, updatedAt: string): void {
    this.updateStmt.run({ ...this.params(session), updatedAt });
  }

  delete(id: string): boolean {
    return this.deleteStmt.run(id).changes > 0;
  }

  list(): NumberedSession[] {
    return this.allStmt.all().map(fromRow);
  }

  get(id: string): NumberedSession | undefined {
    const row = this.byIdStmt.get(id);
    return row ? fromRow(row) : undefined;
  }


  /** The latest session at or before an instant (UTC ISO). */
  latestBefore(instant: string): NumberedSession | undefined {
    const row = this.beforeStmt.get(instant);
    return row ? fromRow(row) : undefined;
  }

  /** Sessions whose local date falls within [fromDay, toDay]. */
  between(fromDay: string, toDay: string): NumberedSession[] {
    return this.rangeStmt.all(fromDay, toDay).map(fromRow);
  }
}
