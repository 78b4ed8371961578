// The queries behind the therapist summary. Counting and grouping happen in
// SQL, so a summary over ten years reads a handful of rows, not every entry.
// `shareable` is the rule for text: not private (unless included) and
// carrying none of the excluded tags.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { AnswerValue } from '../domain/packs.js';

export interface TextFilter {
  includePrivate: boolean;
  excludeTags: string[];
}

export interface AnsweredText {
  entryId: string;
  createdAt: string;
  localDate: string;
  pack: string | null;
  questionId: string;
  prompt: string;
  value: AnswerValue;
  role: string | null;
}

export interface StarredEntry {
  entryId: string;
  createdAt: string;
  localDate: string;
  text: string;
}

function shareable(filter: TextFilter): { sql: string; params: unknown[] } {
  const parts = [];
  const params: unknown[] = [];
  if (!filter.includePrivate) parts.push('e.private = 0');
  if (filter.excludeTags.length) {
    parts.push(`NOT EXISTS (SELECT 1 FROM entry_tags t WHERE t.entry_id = e.id AND t.tag IN (${filter.excludeTags.map(() => '?').join(', ')}))`);
    params.push(...filter.excludeTags);
  }
  return { sql: parts.length ? ` AND ${parts.join(' AND ')}` : '', params };
}

export class SummaryRepository {
  constructor(private readonly db: Database) {}

  overview(from: string, to: string): { entries: number; days: number } {
    return this.db
      .prepare<[string, string], { entries: number; days: number }>(
        'SELECT COUNT(*) AS entries, COUNT(DISTINCT local_date) AS days FROM entries WHERE local_date BETWEEN ? AND ?',
      )
      .get(from, to)!;
  }

  /** Answers flagged insight/discuss or carrying a role, from shareable entries, newest first. */
  flaggedAnswers(from: string, to: string, flag: 'insight' | 'discuss-or-role', filter: TextFilter): AnsweredText[] {
    const share = shareable(filter);
    const condition = flag === 'insight' ? 'a.insight = 1' : '(a.discuss = 1 OR a.role IS NOT NULL)';
    return this.db
      .prepare<unknown[], { entry_id: string; created_at: string; local_date: string; pack: string | null; question_id: string; prompt: string; value: string; role: string | null }>(
        `SELECT a.entry_id, e.created_at, e.local_date, e.pack, a.question_id, a.prompt, a.value, a.role
         FROM entry_answers a JOIN entries e ON e.id = a.entry_id
         WHERE ${condition} AND e.local_date BETWEEN ? AND ?${share.sql}
         ORDER BY e.created_at DESC, a.position`,
      )
      .all(from, to, ...share.params)
      .map((r) => ({
        entryId: r.entry_id, createdAt: r.created_at, localDate: r.local_date, pack: r.pack, questionId: r.question_id,
        prompt: r.prompt, value: JSON.parse(r.value) as AnswerValue, role: r.role,
      }));
  }

  /**
   * The written answers of shareable reflections (packs other than the daily
   * check-in and questionnaires) in the period, in time order, one row per
   * answer; answers meant for "worth discussing" (discuss, role) are left to
   * flaggedAnswers.
   */
  reflectionAnswers(from: string, to: string, filter: TextFilter): AnsweredText[] {
    const share = shareable(filter);
    return this.db
      .prepare<unknown[], { entry_id: string; created_at: string; local_date: string; pack: string; question_id: string; prompt: string; value: string }>(
        `SELECT a.entry_id, e.created_at, e.local_date, e.pack, a.question_id, a.prompt, a.value
         FROM entries e JOIN entry_answers a ON a.entry_id = e.id
         WHERE e.kind = 'journal' AND e.pack IS NOT NULL AND e.pack != 'daily' AND e.local_date BETWEEN ? AND ?${share.sql}
           AND a.type IN ('text', 'longtext') AND a.discuss = 0 AND a.role IS NULL
         ORDER BY e.created_at, e.id, a.position`,
      )
      .all(from, to, ...share.params)
      .map((r) => ({
        entryId: r.entry_id, createdAt: r.created_at, localDate: r.local_date, pack: r.pack, questionId: r.question_id,
        prompt: r.prompt, value: JSON.parse(r.value) as AnswerValue, role: null,
      }));
  }

  /** Safety flags in the period, with whether their entry's words may be shared (not private, no excluded tag). */
  safetyFlags(from: string, to: string, filter: TextFilter): { kind: string; localDate: string; createdAt: string; private: boolean; shareable: boolean }[] {
    const share = shareable(filter);
    return this.db
      .prepare<unknown[], { kind: string; local_date: string; created_at: string; private: number; shareable: number }>(
        `SELECT f.kind, f.local_date, f.created_at, e.private, CASE WHEN 1 = 1${share.sql} THEN 1 ELSE 0 END AS shareable
         FROM safety_flags f JOIN entries e ON e.id = f.entry_id
         WHERE f.local_date BETWEEN ? AND ? ORDER BY f.local_date, f.created_at, f.kind`,
      )
      .all(...share.params, from, to)
      .map((r) => ({ kind: r.kind, localDate: r.local_date, createdAt: r.created_at, private: r.private === 1, shareable: r.shareable > 0 }));
  }

  starred(from: string, to: string, filter: TextFilter): StarredEntry[] {
    const share = shareable(filter);
    return this.db
      .prepare<unknown[], { id: string; created_at: string; local_date: string; text: string }>(
        `SELECT e.id, e.created_at, e.local_date, e.text FROM entries e
         WHERE e.starred = 1 AND e.text != '' AND e.local_date BETWEEN ? AND ?${share.sql} ORDER BY e.created_at DESC`,
      )
      .all(from, to, ...share.params)
      .map((r) => ({ entryId: r.id, createdAt: r.created_at, localDate: r.local_date, text: r.text }));
  }

  tagCounts(from: string, to: string, filter: TextFilter, limit = 10): { tag: string; count: number }[] {
    const share = shareable(filter);
    return this.db
      .prepare<unknown[], { tag: string; count: number }>(
        `SELECT t.tag, COUNT(*) AS count FROM entry_tags t JOIN entries e ON e.id = t.entry_id
         WHERE e.local_date BETWEEN ? AND ?${share.sql} GROUP BY t.tag ORDER BY count DESC, t.tag LIMIT ?`,
      )
      .all(from, to, ...share.params, limit);
  }

  practiceCounts(from: string, to: string, filter: TextFilter): { practice: string; count: number }[] {
    const share = shareable(filter);
    return this.db
      .prepare<unknown[], { practice: string; count: number }>(
        `SELECT p.practice, COUNT(*) AS count FROM entry_practices p JOIN entries e ON e.id = p.entry_id
         WHERE e.local_date BETWEEN ? AND ?${share.sql} GROUP BY p.practice ORDER BY count DESC, p.practice`,
      )
      .all(from, to, ...share.params);
  }

  /** The local day of the first entry or session, if any. */
  firstDay(): string | undefined {
    return this.db
      .prepare<[], { day: string | null }>('SELECT min(day) AS day FROM (SELECT min(local_date) AS day FROM entries UNION ALL SELECT min(local_date) FROM sessions)')
      .get()?.day ?? undefined;
  }

  getMeta(key: string): string | undefined {
    return this.db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(key)?.value;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }
}
