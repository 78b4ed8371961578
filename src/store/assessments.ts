// Questionnaire results as stored (item answers and the score saved with
// them) and the facts that decide whether a questionnaire waits. Scoring and
// "due" are the domain's (domain/assessments.ts); this file only reads.
import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import type { HoldInput, StoredResult } from '../domain/assessments.js';
import type { Answers } from '../domain/packs.js';
import { localDate } from '../domain/time.js';
import type { SessionRepository } from './sessions.js';

interface ResultRow {
  id: string;
  created_at: string;
  utc_offset: number;
  local_date: string;
  answers: string;
  metrics: string;
}

export class AssessmentRepository {
  private readonly resultsStmt: Statement<[string], ResultRow>;
  private readonly moodTodayStmt: Statement<[string, string], { value: number }>;
  private readonly latestDateStmt: Statement<[string], { local_date: string }>;

  constructor(db: Database, private readonly sessions: SessionRepository) {
    // Oldest first; results of one instant keep the order the entry list gives them.
    this.resultsStmt = db.prepare(
      `SELECT e.id, e.created_at, e.utc_offset, e.local_date,
         (SELECT json_group_object(question_id, json(value)) FROM entry_answers WHERE entry_id = e.id) AS answers,
         (SELECT json_group_object(name, value) FROM entry_metrics WHERE entry_id = e.id) AS metrics
       FROM entries e WHERE e.kind = 'assessment' AND e.pack = ? ORDER BY e.created_at, e.id DESC`,
    );
    // CROSS JOIN keeps entries first (today's few, by the date index): with a
    // plain JOIN SQLite chose to walk every mood value ever recorded and look
    // each entry up, 0.2-0.6 s on ten years of check-ins instead of 0.1 ms.
    this.latestDateStmt = db.prepare(
      `SELECT local_date FROM entries WHERE kind = 'assessment' AND pack = ? ORDER BY created_at DESC, id LIMIT 1`,
    );
    this.moodTodayStmt = db.prepare(
      `SELECT m.value FROM entries e CROSS JOIN entry_metrics m ON m.entry_id = e.id AND m.name = 'mood'
       WHERE e.local_date = ? AND e.created_at >= ? ORDER BY e.created_at DESC, e.id LIMIT 1`,
    );
  }

  /** Every stored result of an instrument (by pack id), oldest first, as saved: nothing is rescored here. */
  results(packId: string): StoredResult[] {
    return this.resultsStmt.all(packId).map((r) => ({
      entryId: r.id, createdAt: r.created_at, utcOffset: r.utc_offset, localDate: r.local_date,
      answers: JSON.parse(r.answers) as Answers,
      metrics: JSON.parse(r.metrics) as Record<string, number>,
    }));
  }

  /** The day an instrument was last taken, without reading its answers (what "due" needs). */
  latestDate(packId: string): string | undefined {
    return this.latestDateStmt.get(packId)?.local_date;
  }

  /** What decides whether questionnaires wait: the latest session start and today's latest recorded mood. */
  holdInput(now: Date): HoldInput {
    const session = this.sessions.latestBefore(now.toISOString());
    // Today's entries only; the two-day window keeps the read to a short index range.
    const mood = this.moodTodayStmt.get(localDate(now), new Date(now.getTime() - 2 * 86_400_000).toISOString());
    return { now, lastSessionStart: session?.occurredAt, lastMoodToday: mood?.value ?? null };
  }
}
