// Unfinished reflections. Saved after every answer (one statement, atomic),
// so Ctrl-C, a closed terminal or a crash never loses what was written.
import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import type { Answers } from '../domain/packs.js';

export interface Draft {
  id: string;
  pack: string;
  packVersion: number;
  startedAt: string;
  updatedAt: string;
  utcOffset: number;
  /** The --date given for the reflection (UTC ISO), if any. */
  entryAt: string | null;
  private: boolean;
  answers: Answers;
}

interface DraftRow {
  id: string;
  pack: string;
  pack_version: number;
  started_at: string;
  updated_at: string;
  utc_offset: number;
  entry_at: string | null;
  private: number;
  answers: string;
}

function fromRow(r: DraftRow): Draft {
  return {
    id: r.id,
    pack: r.pack,
    packVersion: r.pack_version,
    startedAt: r.started_at,
    updatedAt: r.updated_at,
    utcOffset: r.utc_offset,
    entryAt: r.entry_at,
    private: r.private === 1,
    answers: JSON.parse(r.answers) as Answers,
  };
}

export class DraftRepository {
  private readonly upsertStmt: Statement;
  private readonly deleteStmt: Statement;
  private readonly allStmt: Statement<[], DraftRow>;
  private readonly byIdStmt: Statement<[string], DraftRow>;

  constructor(db: Database) {
    this.upsertStmt = db.prepare(
      `INSERT INTO drafts (id, pack, pack_version, started_at, updated_at, utc_offset, entry_at, private, answers)
       VALUES (@id, @pack, @packVersion, @startedAt, @updatedAt, @utcOffset, @entryAt, @private, @answers)
       ON CONFLICT (id) DO UPDATE SET answers = excluded.answers, updated_at = excluded.updated_at, private = excluded.private`,
    );
    this.deleteStmt = db.prepare('DELETE FROM drafts WHERE id = ?');
    this.allStmt = db.prepare('SELECT * FROM drafts ORDER BY updated_at DESC, id');
    this.byIdStmt = db.prepare('SELECT * FROM drafts WHERE id = ?');
  }

  save(draft: Draft): void {
    this.upsertStmt.run({ ...draft, private: draft.private ? 1 : 0, answers: JSON.stringify(draft.answers) });
  }

  delete(id: string): void {
    this.deleteStmt.run(id);
  }

  /** Newest first. */
  all(): Draft[] {
    return this.allStmt.all().map(fromRow);
  }

  get(id: string): Draft | undefined {
    const row = this.byIdStmt.get(id);
    return row ? fromRow(row) : undefined;
  }
}
