// Saving a finished reflection: the entry, its answers and the intentions it
// created, and removing its draft, all in one transaction.
import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import type { Entry } from '../domain/entries.js';
import type { Intention } from '../domain/intentions.js';
import type { AnswerRecord, AnswerValue, QuestionType } from '../domain/packs.js';
import type { EntryRepository } from './entries.js';
import type { IntentionRepository } from './intentions.js';
import type { DraftRepository } from './drafts.js';
import { checkTextSize } from '../domain/limits.js';

interface AnswerRow {
  question_id: string;
  position: number;
  type: QuestionType;
  prompt: string;
  value: string;
  insight: number;
  discuss: number;
  role: string | null;
}

export class ReflectionRepository {
  private readonly insertAnswer: Statement;
  private readonly answersOf: Statement<[string], AnswerRow>;
  private readonly setPackVersion: Statement;
  private readonly packSince: Statement<[string, string], { n: number }>;
  private readonly packEntriesStmt: Statement<[string, string], { id: string; pack: string; created_at: string }>;

  constructor(
    private readonly db: Database,
    private readonly entries: EntryRepository,
    private readonly intentions: IntentionRepository,
    private readonly drafts: DraftRepository,
  ) {
    this.insertAnswer = db.prepare(
      `INSERT INTO entry_answers (entry_id, position, question_id, type, prompt, value, insight, discuss, role)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.answersOf = db.prepare('SELECT * FROM entry_answers WHERE entry_id = ? ORDER BY position');
    this.setPackVersion = db.prepare('UPDATE entries SET pack_version = ? WHERE id = ?');
    this.packSince = db.prepare('SELECT count(*) AS n FROM entries WHERE pack = ? AND created_at >= ?');
    this.packEntriesStmt = db.prepare(
      'SELECT id, pack, created_at FROM entries WHERE pack IN (SELECT value FROM json_each(?)) AND created_at >= ? ORDER BY created_at',
    );
  }

  save(entry: Entry, packVersion: number, records: AnswerRecord[], intentions: Intention[], draftId?: string): void {
    const values = records.map((r) => JSON.stringify(r.value));
    checkTextSize(`The answers of the entry of ${entry.localDate}`, entry.text, ...values);
    this.db.transaction(() => {
      this.entries.insert(entry);
      this.setPackVersion.run(packVersion, entry.id);
      for (const [i, r] of records.entries()) {
        this.insertAnswer.run(entry.id, r.position, r.questionId, r.type, r.prompt, values[i], r.insight ? 1 : 0, r.discuss ? 1 : 0, r.role);
      }
      for (const intention of intentions) this.intentions.insert(intention);
      if (draftId) this.drafts.delete(draftId);
    })();
  }

  answers(entryId: string): AnswerRecord[] {
    return this.answersOf.all(entryId).map((r) => ({
      questionId: r.question_id,
      position: r.position,
      type: r.type,
      prompt: r.prompt,
      value: JSON.parse(r.value) as AnswerValue,
      insight: r.insight === 1,
      discuss: r.discuss === 1,
      role: r.role,
    }));
  }

  /** Entries of these packs written at or after the instant, oldest first (the follow-up schedule reads them). */
  packEntries(packs: readonly string[], instant: string): { id: string; pack: string; createdAt: string }[] {
    return this.packEntriesStmt.all(JSON.stringify(packs), instant).map((r) => ({ id: r.id, pack: r.pack, createdAt: r.created_at }));
  }

  /** Whether an entry of this pack was written at or after the instant. */
  hasPackEntrySince(pack: string, instant: string): boolean {
    return this.packSince.get(pack, instant)!.n > 0;
  }
}
